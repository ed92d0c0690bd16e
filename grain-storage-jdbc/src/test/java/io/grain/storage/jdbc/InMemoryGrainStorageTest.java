package io.grain.storage.jdbc;

import io.grain.storage.InMemoryStorage;
import io.grain.storage.Storage;

/**
 * The user-level persistence contract on {@link InMemoryStorage}, the test clusters' default: a
 * grain test that passes on it means the same on SQLite and PostgreSQL. A new storage per test
 * (it cannot be reopened).
 */
class InMemoryGrainStorageTest extends GrainStorageContractTest {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }

    /** An InMemoryStorage is its data: a second member shares it. */
    @Override
    protected Storage anotherStorageOverTheSameData() {
        return storage;
    }
}
