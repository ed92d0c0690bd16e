package io.grain.storage.jdbc;

import io.grain.storage.InMemoryStorage;
import io.grain.storage.Storage;

/**
 * The storage contract on {@link InMemoryStorage}, the test clusters' default: the same suite as
 * the databases, so a test that passes on it means the same on SQLite and PostgreSQL.
 */
class InMemoryStorageContractTest extends StorageContractTest {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }
}
