package io.grain.storage.jdbc;

import io.grain.storage.Storage;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/**
 * The user-level persistence contract on a real PostgreSQL server (the one
 * {@link EmbeddedPostgresServer} runs for every test class of this JVM): one database for the
 * class, a storage over it per test.
 */
class PostgresGrainStorageTest extends GrainStorageContractTest {
    private static DataSource database;

    @BeforeAll
    static void makeDatabase() {
        database = EmbeddedPostgresServer.newDatabase();
    }

    @Override
    protected boolean storesNulInText() {
        return false;
    }

    @Override
    protected Storage newStorage() {
        return JdbcStorage.postgres(database);
    }
}
