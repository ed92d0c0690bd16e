package io.grain.storage;

import io.grain.runtime.grains.NickStoredType;
import io.grain.runtime.grains.ItemStoredType;
import io.grain.runtime.grains.Item;
import io.grain.runtime.grains.Nick;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryStorageTest {
    private static final StateKey KEY = new StateKey("player", "s:alice", "player_data");
    private final InMemoryStorage storage = new InMemoryStorage();

    private static Throwable failureOf(final CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    @Test
    void writesAreConditionalOnTheStoredVersion() {
        assertNull(storage.readState(KEY).join());
        final String v1 = storage.writeState(KEY, new byte[] {1}, null).join();
        assertInstanceOf(StateConflictException.class, failureOf(storage.writeState(KEY, new byte[] {9}, null)),
            "a write that expects nothing stored conflicts with a stored state");
        final String v2 = storage.writeState(KEY, new byte[] {2}, v1).join();
        assertNotEquals(v1, v2);
        final Throwable stale = failureOf(storage.writeState(KEY, new byte[] {3}, v1));
        assertInstanceOf(StateConflictException.class, stale);
        assertTrue(stale.getMessage().contains("player/s:alice/player_data"), stale.getMessage());
        assertArrayEquals(new byte[] {2}, storage.readState(KEY).join().payload());
        assertEquals(v2, storage.readState(KEY).join().etag());
    }

    @Test
    void clearIsConditionalAndAnEtagIsNeverReused() {
        final String v1 = storage.writeState(KEY, new byte[] {1}, null).join();
        assertInstanceOf(StateConflictException.class, failureOf(storage.clearState(KEY, "other")));
        storage.clearState(KEY, v1).join();
        assertNull(storage.readState(KEY).join());
        storage.clearState(KEY, null).join(); // nothing stored: a no-op
        final String v2 = storage.writeState(KEY, new byte[] {1}, null).join();
        assertNotEquals(v1, v2, "a state written again after a clear gets a new version");
    }

    @Test
    void payloadsAreCopiedInAndOut() {
        final byte[] payload = {1, 2, 3};
        storage.writeState(KEY, payload, null).join();
        payload[0] = 9;
        final byte[] read = storage.readState(KEY).join().payload();
        assertArrayEquals(new byte[] {1, 2, 3}, read);
        read[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, storage.readState(KEY).join().payload());
        assertNotSame(read, storage.readState(KEY).join().payload());
    }

    @Test
    void failNextFailsExactlyThatManyOperationsOfThatKindEachWithItsOwnException() {
        storage.failNext(InMemoryStorage.Operation.WRITE_STATE, 2, () -> new StorageException("disk full"));
        assertNull(storage.readState(KEY).join(), "other kinds are not affected");
        final Throwable first = failureOf(storage.writeState(KEY, new byte[] {1}, null));
        final Throwable second = failureOf(storage.writeState(KEY, new byte[] {1}, null));
        assertEquals("disk full", first.getMessage());
        assertNotSame(first, second);
        assertNull(storage.readState(KEY).join(), "failed writes stored nothing");
        storage.writeState(KEY, new byte[] {1}, null).join();
    }

    @Test
    void aGateHoldsOperationsUntilItOpens() {
        final InMemoryStorage.Gate gate = storage.hold(InMemoryStorage.Operation.READ_STATE);
        assertThrows(IllegalStateException.class, () -> storage.hold(InMemoryStorage.Operation.READ_STATE));
        final CompletableFuture<StoredState> a = storage.readState(KEY);
        storage.writeState(KEY, new byte[] {5}, null).join();
        final CompletableFuture<StoredState> b = storage.readState(KEY);
        assertFalse(a.isDone());
        assertEquals(2, gate.waiting());
        assertTrue(gate.runNext());
        assertArrayEquals(new byte[] {5}, a.join().payload(), "held operations run when let through, not when asked for");
        assertFalse(b.isDone());
        gate.open();
        assertTrue(b.isDone());
        assertFalse(gate.runNext());
        assertTrue(storage.readState(KEY).isDone(), "an open gate holds nothing");
    }

    @Test
    void rowsAreKeptPerTableAndKeyInSubkeyOrder() {
        final StoredType<Item> items = ItemStoredType.INSTANCE;
        for (final long id : new long[] {30, -5, 10, Long.MIN_VALUE}) {
            storage.insert(items, 1L, id, new byte[] {(byte)id}).join();
        }
        assertInstanceOf(DuplicateRecordException.class, failureOf(storage.insert(items, 1L, 10L, new byte[0])));
        assertEquals(List.of((byte)Long.MIN_VALUE, (byte)-5, (byte)10, (byte)30),
            storage.query(items, 1L).join().stream().map(p -> p[0]).collect(Collectors.toList()));
        assertEquals(List.of(), storage.query(items, 2L).join());
        assertEquals(1, storage.delete(items, 1L, 10L).join());
        assertEquals(0, storage.delete(items, 1L, 10L).join());
        assertEquals(3, storage.delete(items, 1L, null).join());
        assertNull(storage.get(items, 1L, 30L).join());
    }

    @Test
    void stringAndUuidSubkeysSortAsTheirBytesDo() {
        final StoredType<SortedRows.Tagged> strings = SortedRows_TaggedStoredType.INSTANCE;
        final StoredType<SortedRows.Identified> uuids = SortedRows_IdentifiedStoredType.INSTANCE;
        // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 9F 98 80), though UTF-16 says otherwise
        for (final String s : new String[] {"\uD83D\uDE00", "\uFF5E", "b", "a"}) {
            storage.upsert(strings, "k", s, s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).join();
        }
        assertEquals(List.of("a", "b", "\uFF5E", "\uD83D\uDE00"), storage.query(strings, "k").join().stream()
            .map(p -> new String(p, java.nio.charset.StandardCharsets.UTF_8)).collect(Collectors.toList()));

        final UUID low = new UUID(1, 0);
        final UUID high = new UUID(-1, 0); // 0xFFFF... as unsigned bytes: last
        storage.upsert(uuids, "u", high, new byte[] {2}).join();
        storage.upsert(uuids, "u", low, new byte[] {1}).join();
        assertEquals(List.of((byte)1, (byte)2), storage.query(uuids, "u").join().stream().map(p -> p[0]).collect(Collectors.toList()));
    }

    @Test
    void conditionalWritesFromManyThreadsLoseNoIncrement() throws Exception {
        final int threads = 4;
        final int increments = 500;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < increments; i++) {
                    while (true) {
                        final StoredState current = storage.readState(KEY).join();
                        final int value = current == null ? 0 : java.nio.ByteBuffer.wrap(current.payload()).getInt();
                        final byte[] next = java.nio.ByteBuffer.allocate(4).putInt(value + 1).array();
                        final CompletableFuture<String> write = storage.writeState(KEY, next, current == null ? null : current.etag());
                        if (!write.isCompletedExceptionally()) {
                            break;
                        }
                        assertInstanceOf(StateConflictException.class, failureOf(write));
                    }
                }
            }, "writer-" + t);
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(60));
            assertFalse(w.isAlive());
        }
        assertEquals(threads * increments, java.nio.ByteBuffer.wrap(storage.readState(KEY).join().payload()).getInt());
    }

    @Test
    void operationsAfterCloseFail() {
        storage.close();
        assertInstanceOf(StorageException.class, failureOf(storage.readState(KEY)));
        assertInstanceOf(StorageException.class, failureOf(storage.query(ItemStoredType.INSTANCE, 1L)));
    }
}
