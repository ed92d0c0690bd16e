package io.grain.storage.jdbc;

import io.grain.storage.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The user-level persistence contract on SQLite: one database file for the class, a storage over it per test. */
class SqliteGrainStorageTest extends GrainStorageContractTest {
    @TempDir
    static Path directory;

    @Override
    protected Storage newStorage() {
        return JdbcStorage.sqlite(directory.resolve("grain.db"));
    }
}
