package io.grain.storage.jdbc;

import io.grain.storage.DuplicateRecordException;
import io.grain.storage.KeyKind;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import io.grain.storage.StoredReminder;
import io.grain.storage.StoredState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Storage} provider promises, run against each of them: a subclass says how to
 * make a fresh, empty storage. Covers every operation, every key kind as key and subkey, absent
 * states and rows, etag conflicts, clears, duplicates, subkey order, delete counts, many writers
 * at once, a 1 MiB state, and operations after close.
 */
public abstract class StorageContractTest {
    /** Bound on waiting for one operation; generous, the machine is shared. Never a timing assertion. */
    protected static final long WAIT_SECONDS = 120;

    protected Storage storage;

    /** A new storage over an empty database; the test closes it. */
    protected abstract Storage newStorage();

    @BeforeEach
    void openStorage() {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    // ----- grain state

    @Test
    void absentStateReadsAsNull() {
        assertNull(await(storage.readState(state("player", "s:nobody", "state"))));
    }

    @Test
    void writtenStateReadsBackWithItsEtag() {
        final StateKey key = state("player", "s:alice", "state");
        final String first = await(storage.writeState(key, bytes("v1"), null));
        assertNotNull(first);
        assertState(key, "v1", first);

        final String second = await(storage.writeState(key, bytes("v2"), first));
        assertNotEquals(first, second);
        assertState(key, "v2", second);
    }

    @Test
    void statesAreKeptApartByKindKeyAndName() {
        final StateKey a = state("player", "s:42", "state");
        final StateKey b = state("player", "l:42", "state");
        final StateKey c = state("match", "s:42", "state");
        final StateKey d = state("player", "s:42", "inventory");
        for (final StateKey key : List.of(a, b, c, d)) {
            await(storage.writeState(key, bytes(key.toString()), null));
        }
        for (final StateKey key : List.of(a, b, c, d)) {
            assertEquals(key.toString(), text(await(storage.readState(key)).payload()));
        }
    }

    @Test
    void aWriteWithoutEtagFailsWhenAStateIsStored() {
        final StateKey key = state("player", "s:bob", "state");
        final String etag = await(storage.writeState(key, bytes("mine"), null));

        final Throwable failure = failureOf(storage.writeState(key, bytes("theirs"), null));
        assertInstanceOf(StateConflictException.class, failure);
        assertTrue(failure.getMessage().contains(key.toString()), failure.getMessage());
        assertState(key, "mine", etag);
    }

    @Test
    void aWriteWithAStaleEtagFailsAndChangesNothing() {
        final StateKey key = state("player", "s:carol", "state");
        final String v1 = await(storage.writeState(key, bytes("one"), null));
        final String v2 = await(storage.writeState(key, bytes("two"), v1));

        assertInstanceOf(StateConflictException.class, failureOf(storage.writeState(key, bytes("stale"), v1)));
        assertInstanceOf(StateConflictException.class, failureOf(storage.writeState(key, bytes("alien"), "no-such-etag")));
        assertState(key, "two", v2);
    }

    @Test
    void aWriteWithAnEtagOfAnAbsentStateFails() {
        final StateKey key = state("player", "s:ghost", "state");
        assertInstanceOf(StateConflictException.class, failureOf(storage.writeState(key, bytes("x"), "1")));
        assertNull(await(storage.readState(key)));
    }

    @Test
    void twoWritersWithTheSameEtagOneWinsOneConflicts() throws Exception {
        final StateKey key = state("player", "s:dave", "state");
        final String etag = await(storage.writeState(key, bytes("start"), null));
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            final List<Future<CompletableFuture<String>>> submitted = new ArrayList<>();
            for (final String value : List.of("left", "right")) {
                submitted.add(writers.submit(() -> {
                    go.await();
                    return storage.writeState(key, bytes(value), etag);
                }));
            }
            go.countDown();
            int won = 0;
            int conflicts = 0;
            String winnerEtag = null;
            for (final Future<CompletableFuture<String>> f : submitted) {
                final CompletableFuture<String> write = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
                final Throwable failure = failureOrNull(write);
                if (failure == null) {
                    won++;
                    winnerEtag = write.join();
                } else {
                    assertInstanceOf(StateConflictException.class, failure);
                    conflicts++;
                }
            }
            assertEquals(1, won);
            assertEquals(1, conflicts);
            final StoredState stored = await(storage.readState(key));
            assertEquals(winnerEtag, stored.etag());
            assertTrue(List.of("left", "right").contains(text(stored.payload())));
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aClearWithTheEtagRemovesTheState() {
        final StateKey key = state("player", "s:erin", "state");
        final String etag = await(storage.writeState(key, bytes("x"), null));
        await(storage.clearState(key, etag));
        assertNull(await(storage.readState(key)));
    }

    @Test
    void aClearWithAStaleEtagFailsAndKeepsTheState() {
        final StateKey key = state("player", "s:frank", "state");
        final String v1 = await(storage.writeState(key, bytes("one"), null));
        final String v2 = await(storage.writeState(key, bytes("two"), v1));

        assertInstanceOf(StateConflictException.class, failureOf(storage.clearState(key, v1)));
        assertState(key, "two", v2);
    }

    @Test
    void aClearWithoutEtagIsANoOpWhenNothingIsStoredAndAConflictOtherwise() {
        final StateKey key = state("player", "s:gina", "state");
        await(storage.clearState(key, null));
        assertNull(await(storage.readState(key)));

        final String etag = await(storage.writeState(key, bytes("x"), null));
        assertInstanceOf(StateConflictException.class, failureOf(storage.clearState(key, null)));
        assertState(key, "x", etag);
    }

    @Test
    void aClearedStateCanBeWrittenAgainWithoutEtagAndOldEtagsStayStale() {
        final StateKey key = state("player", "s:hank", "state");
        final String v1 = await(storage.writeState(key, bytes("before"), null));
        await(storage.clearState(key, v1));
        assertInstanceOf(StateConflictException.class, failureOf(storage.clearState(key, v1)));

        final String again = await(storage.writeState(key, bytes("after"), null));
        // an activation that read the state before the clear must not overwrite the new one
        assertInstanceOf(StateConflictException.class, failureOf(storage.writeState(key, bytes("old"), v1)));
        assertState(key, "after", again);
    }

    @Test
    void aOneMebibyteStateRoundTrips() {
        final StateKey key = state("player", "s:big", "state");
        final byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte)(i * 31 + (i >>> 11));
        }
        final String etag = await(storage.writeState(key, big, null));
        final StoredState stored = await(storage.readState(key));
        assertEquals(etag, stored.etag());
        assertArrayEquals(big, stored.payload());

        final byte[] bigger = Arrays.copyOf(big, big.length);
        bigger[bigger.length - 1] ^= 1;
        final String next = await(storage.writeState(key, bigger, etag));
        assertArrayEquals(bigger, await(storage.readState(key)).payload());
        assertEquals(next, await(storage.readState(key)).etag());
    }

    @Test
    void anEmptyStateIsAState() {
        final StateKey key = state("player", "s:empty", "state");
        final String etag = await(storage.writeState(key, new byte[0], null));
        final StoredState stored = await(storage.readState(key));
        assertEquals(0, stored.payload().length);
        assertEquals(etag, stored.etag());
    }

    @Test
    void changingThePayloadArrayAfterAWriteChangesNothingStored() {
        final StateKey key = state("player", "s:ivy", "state");
        final byte[] payload = bytes("kept");
        final CompletableFuture<String> write = storage.writeState(key, payload, null);
        payload[0] = 'X';
        final String etag = await(write);
        assertState(key, "kept", etag);
    }

    // ----- records

    /** Every key kind as key, alone and with every key kind as subkey. */
    static Stream<Arguments> keyKinds() {
        final List<Arguments> all = new ArrayList<>();
        for (final KeyKind key : KeyKind.values()) {
            all.add(Arguments.of(key, null));
            for (final KeyKind subkey : KeyKind.values()) {
                all.add(Arguments.of(key, subkey));
            }
        }
        return all.stream();
    }

    /** Three keys of a kind, in the order every provider sorts them. */
    static List<Object> sortedKeys(final KeyKind kind) {
        switch (kind) {
            case LONG:
                return List.of(-5L, 7L, 1L << 40);
            case INT:
                return List.of(Integer.MIN_VALUE, 2, 9);
            case STRING:
                // code point order: 'A' < 'a' < 'ä' < an emoji (outside the basic plane)
                return List.of("Alpha", "alpha", "\u00e4", "\uD83C\uDFAE");
            case UUID:
                // unsigned order: the last one is negative as a Java long, so UUID.compareTo puts it first
                return List.of(UUID.fromString("00000000-0000-0000-0000-000000000001"),
                    UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"),
                    UUID.fromString("80000000-0000-0000-0000-000000000000"));
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    static String tableName(final KeyKind key, final KeyKind subkey) {
        return ("t_" + key + "_" + (subkey == null ? "none" : subkey)).toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest(name = "key {0}, subkey {1}")
    @MethodSource("keyKinds")
    void everyRowOperationWorksForEveryKeyKind(final KeyKind keyKind, final KeyKind subkeyKind) {
        final ContractTable table = ContractTable.of(tableName(keyKind, subkeyKind), keyKind, subkeyKind);
        final List<Object> keys = sortedKeys(keyKind);
        final Object owner = keys.get(1);
        final Object other = keys.get(0);

        if (subkeyKind == null) {
            assertNull(await(storage.get(table, owner, null)));
            assertEquals(List.of(), await(storage.query(table, owner)));

            await(storage.upsert(table, owner, null, bytes("first")));
            await(storage.insert(table, other, null, bytes("other")));
            assertEquals("first", text(await(storage.get(table, owner, null))));
            await(storage.upsert(table, owner, null, bytes("replaced")));
            assertEquals("replaced", text(await(storage.get(table, owner, null))));
            assertEquals(List.of("replaced"), texts(await(storage.query(table, owner))));

            final Throwable duplicate = failureOf(storage.insert(table, owner, null, bytes("again")));
            assertInstanceOf(DuplicateRecordException.class, duplicate);
            assertTrue(duplicate.getMessage().contains(table.table()), duplicate.getMessage());
            assertEquals("replaced", text(await(storage.get(table, owner, null))));

            assertEquals(1, await(storage.delete(table, owner, null)));
            assertEquals(0, await(storage.delete(table, owner, null)));
            assertNull(await(storage.get(table, owner, null)));
            assertEquals("other", text(await(storage.get(table, other, null))));
            return;
        }

        final List<Object> subkeys = sortedKeys(subkeyKind);
        assertNull(await(storage.get(table, owner, subkeys.get(0))));
        assertEquals(List.of(), await(storage.query(table, owner)));

        // stored out of order; a query answers in subkey order
        for (int i = subkeys.size() - 1; i >= 0; i--) {
            await(storage.upsert(table, owner, subkeys.get(i), bytes("row" + i)));
        }
        await(storage.insert(table, other, subkeys.get(0), bytes("other")));
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < subkeys.size(); i++) {
            expected.add("row" + i);
            assertEquals("row" + i, text(await(storage.get(table, owner, subkeys.get(i)))));
        }
        assertEquals(expected, texts(await(storage.query(table, owner))));
        assertNull(await(storage.get(table, other, subkeys.get(1))));

        await(storage.upsert(table, owner, subkeys.get(0), bytes("replaced")));
        assertEquals("replaced", text(await(storage.get(table, owner, subkeys.get(0)))));
        assertInstanceOf(DuplicateRecordException.class,
            failureOf(storage.insert(table, owner, subkeys.get(1), bytes("again"))));
        assertEquals("row1", text(await(storage.get(table, owner, subkeys.get(1)))));
        await(storage.insert(table, keys.get(2), subkeys.get(1), bytes("new")));

        assertEquals(1, await(storage.delete(table, owner, subkeys.get(1))));
        assertEquals(0, await(storage.delete(table, owner, subkeys.get(1))));
        assertEquals(subkeys.size() - 1, await(storage.delete(table, owner, null)));
        assertEquals(0, await(storage.delete(table, owner, null)));
        assertEquals(List.of(), await(storage.query(table, owner)));
        assertEquals(List.of("other"), texts(await(storage.query(table, other))));
        assertEquals("new", text(await(storage.get(table, keys.get(2), subkeys.get(1)))));
    }

    @Test
    void aKeyOfTheWrongTypeFailsTheOperation() {
        final ContractTable table = ContractTable.of("typed_keys", KeyKind.LONG, KeyKind.STRING);
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.upsert(table, "1", "a", bytes("x"))));
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.upsert(table, 1, "a", bytes("x"))));
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.get(table, 1L, 2L)));
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.query(table, UUID.randomUUID())));
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.delete(table, 1L, 7)));
        await(storage.upsert(table, 1L, "a", bytes("x")));
        assertEquals(List.of("x"), texts(await(storage.query(table, 1L))));
    }

    @Test
    void twoRecordTypesWithOtherKeysCannotShareATableName() {
        final ContractTable first = ContractTable.of("shared_name", KeyKind.LONG, null);
        final ContractTable otherKind = ContractTable.of("shared_name", KeyKind.STRING, null);
        final ContractTable withSubkey = ContractTable.of("shared_name", KeyKind.LONG, KeyKind.LONG);
        await(storage.upsert(first, 1L, null, bytes("first")));

        final Throwable failure = failureOf(storage.upsert(otherKind, "x", null, bytes("other")));
        assertInstanceOf(StorageException.class, failure);
        assertTrue(failure.getMessage().contains("'shared_name'"), failure.getMessage());
        assertInstanceOf(StorageException.class, failureOf(storage.get(withSubkey, 1L, 1L)));
        assertInstanceOf(StorageException.class, failureOf(storage.query(otherKind, "x")));
        assertEquals("first", text(await(storage.get(first, 1L, null))), "the first record's rows stay");
    }

    @Test
    void tablesAreKeptApart() {
        final ContractTable left = ContractTable.of("left_rows", KeyKind.LONG, KeyKind.LONG);
        final ContractTable right = ContractTable.of("right_rows", KeyKind.LONG, KeyKind.LONG);
        await(storage.upsert(left, 1L, 1L, bytes("left")));
        await(storage.upsert(right, 1L, 1L, bytes("right")));
        assertEquals("left", text(await(storage.get(left, 1L, 1L))));
        assertEquals("right", text(await(storage.get(right, 1L, 1L))));
        assertEquals(1, await(storage.delete(left, 1L, null)));
        assertEquals("right", text(await(storage.get(right, 1L, 1L))));
    }

    @Test
    void aOneMebibyteRowRoundTrips() {
        final ContractTable table = ContractTable.of("big_rows", KeyKind.STRING, null);
        final byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte)0x5a);
        big[12345] = 0;
        await(storage.upsert(table, "big", null, big));
        assertArrayEquals(big, await(storage.get(table, "big", null)));
    }

    // ----- many writers

    @Test
    void manyWritersAtOnceLoseNoAcknowledgedWrite() throws Exception {
        final int threads = 8;
        final int writesPerThread = 100;
        final ContractTable table = ContractTable.of("concurrent_rows", KeyKind.INT, KeyKind.INT);
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService writers = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Integer>> acknowledged = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                acknowledged.add(writers.submit(() -> {
                    go.await();
                    final StateKey key = state("counter", "l:" + thread, "state");
                    String etag = null;
                    final List<CompletableFuture<Void>> rows = new ArrayList<>();
                    for (int i = 0; i < writesPerThread; i++) {
                        // the state as a chain of conditional writes, the rows without waiting
                        etag = await(storage.writeState(key, bytes(Integer.toString(i)), etag));
                        rows.add(storage.upsert(table, thread, i, bytes(thread + "/" + i)));
                    }
                    int acked = 0;
                    for (final CompletableFuture<Void> row : rows) {
                        await(row);
                        acked++;
                    }
                    return acked;
                }));
            }
            go.countDown();
            int total = 0;
            for (final Future<Integer> f : acknowledged) {
                total += f.get(WAIT_SECONDS * 4, TimeUnit.SECONDS);
            }
            assertEquals(threads * writesPerThread, total);

            int found = 0;
            for (int t = 0; t < threads; t++) {
                final List<byte[]> rows = await(storage.query(table, t));
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(t + "/" + i, text(rows.get(i)));
                }
                found += rows.size();
                final StoredState state = await(storage.readState(state("counter", "l:" + t, "state")));
                assertEquals(Integer.toString(writesPerThread - 1), text(state.payload()));
            }
            assertEquals(total, found);
        } finally {
            writers.shutdownNow();
        }
    }

    // ----- close

    @Test
    void everyOperationFailsAfterClose() {
        final ContractTable table = ContractTable.of("closed_rows", KeyKind.LONG, null);
        final StateKey key = state("player", "s:late", "state");
        storage.close();
        final List<CompletableFuture<?>> all = List.of(
            storage.readState(key),
            storage.writeState(key, bytes("x"), null),
            storage.clearState(key, null),
            storage.upsert(table, 1L, null, bytes("x")),
            storage.insert(table, 1L, null, bytes("x")),
            storage.get(table, 1L, null),
            storage.query(table, 1L),
            storage.delete(table, 1L, null));
        for (final CompletableFuture<?> f : all) {
            assertInstanceOf(StorageException.class, failureOf(f));
        }
        storage.close();
    }

    // ----- reminders

    @Test
    void remindersOfAGrainReadBackInNameOrderAndAnUpsertReplaces() {
        assertEquals(List.of(), await(storage.readReminders("player", "s:alice")));
        await(storage.upsertReminder(new StoredReminder("player", "s:alice", "b-daily", 1_000, 60_000, StoredReminder.NO_TICK)));
        await(storage.upsertReminder(new StoredReminder("player", "s:alice", "a-hourly", 2_000, 3_600_000, 2_000)));
        await(storage.upsertReminder(new StoredReminder("player", "s:alicia", "a-hourly", 5, 7, StoredReminder.NO_TICK)));
        await(storage.upsertReminder(new StoredReminder("match", "s:alice", "a-hourly", 5, 7, StoredReminder.NO_TICK)));

        assertEquals(List.of(
                new StoredReminder("player", "s:alice", "a-hourly", 2_000, 3_600_000, 2_000),
                new StoredReminder("player", "s:alice", "b-daily", 1_000, 60_000, StoredReminder.NO_TICK)),
            await(storage.readReminders("player", "s:alice")));

        await(storage.upsertReminder(new StoredReminder("player", "s:alice", "a-hourly", 9_000, 120_000, StoredReminder.NO_TICK)));
        assertEquals(new StoredReminder("player", "s:alice", "a-hourly", 9_000, 120_000, StoredReminder.NO_TICK),
            await(storage.readReminders("player", "s:alice")).get(0));
        assertEquals(List.of(new StoredReminder("player", "s:alicia", "a-hourly", 5, 7, StoredReminder.NO_TICK)),
            await(storage.readReminders("player", "s:alicia")));
    }

    @Test
    void aDeleteSaysWhetherThereWasAReminder() {
        await(storage.upsertReminder(new StoredReminder("player", "l:42", "tick", 0, 1_000, StoredReminder.NO_TICK)));
        await(storage.upsertReminder(new StoredReminder("player", "l:42", "other", 0, 1_000, StoredReminder.NO_TICK)));
        assertTrue(await(storage.deleteReminder("player", "l:42", "tick")));
        assertEquals(false, await(storage.deleteReminder("player", "l:42", "tick")));
        assertEquals(false, await(storage.deleteReminder("player", "l:43", "other")));
        assertEquals(List.of("other"), names(await(storage.readReminders("player", "l:42"))));
    }

    @Test
    void aTickIsRecordedOnlyForTheSameRegistrationAndOnlyForward() {
        final String kind = "player";
        final String key = "u:" + new UUID(1, 2);
        await(storage.upsertReminder(new StoredReminder(kind, key, "r", 1_000, 500, StoredReminder.NO_TICK)));

        assertTrue(await(storage.recordReminderTick(kind, key, "r", 1_000, 500, 1_500)));
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 1_000, 500, 1_500)), "the same tick again");
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 1_000, 500, 1_000)), "an earlier tick");
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 1_000, 600, 2_000)), "another period");
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 1_100, 500, 2_000)), "another start");
        assertEquals(false, await(storage.recordReminderTick(kind, key, "absent", 1_000, 500, 2_000)), "no such reminder");
        assertEquals(1_500, await(storage.readReminders(kind, key)).get(0).lastTickMillis());
        assertTrue(await(storage.recordReminderTick(kind, key, "r", 1_000, 500, 2_000)));
        assertEquals(2_000, await(storage.readReminders(kind, key)).get(0).lastTickMillis());

        // registering again starts a new registration: ticks of the old one are not recorded on it
        await(storage.upsertReminder(new StoredReminder(kind, key, "r", 5_000, 500, StoredReminder.NO_TICK)));
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 1_000, 500, 2_500)));
        assertEquals(StoredReminder.NO_TICK, await(storage.readReminders(kind, key)).get(0).lastTickMillis());
        await(storage.deleteReminder(kind, key, "r"));
        assertEquals(false, await(storage.recordReminderTick(kind, key, "r", 5_000, 500, 5_000)));
        assertEquals(List.of(), await(storage.readReminders(kind, key)));
    }

    @Test
    void aScanPagesThroughEveryReminderOnceInCodePointOrder() {
        final List<StoredReminder> stored = new ArrayList<>();
        final String[] kinds = {"match", "player", "player2"};
        final String[] keys = {"s:a", "s:ab", "s:a\u00e9", "s:B", "l:7", "s:\u4e16"};
        final String[] names = {"x", "y", "\u00fcber"};
        for (final String kind : kinds) {
            for (final String key : keys) {
                for (final String name : names) {
                    stored.add(new StoredReminder(kind, key, name, stored.size(), 1_000, StoredReminder.NO_TICK));
                }
            }
        }
        for (int i = stored.size() - 1; i >= 0; i--) {
            await(storage.upsertReminder(stored.get(i)));
        }
        final List<StoredReminder> seen = new ArrayList<>();
        StoredReminder after = null;
        int pages = 0;
        while (true) {
            final List<StoredReminder> page = await(storage.scanReminders(after, 7));
            pages++;
            seen.addAll(page);
            if (page.size() < 7) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        assertEquals(stored.size() / 7 + 1, pages);
        assertEquals(stored.size(), seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(compareReminders(seen.get(i - 1), seen.get(i)) < 0, seen.get(i - 1) + " before " + seen.get(i));
        }
        stored.sort(StorageContractTest::compareReminders);
        assertEquals(stored, seen);
        assertInstanceOf(IllegalArgumentException.class, failureOf(storage.scanReminders(null, 0)));
    }

    @Test
    void everyReminderOperationFailsAfterClose() {
        storage.close();
        final List<CompletableFuture<?>> all = List.of(
            storage.upsertReminder(new StoredReminder("player", "s:late", "r", 0, 1, StoredReminder.NO_TICK)),
            storage.deleteReminder("player", "s:late", "r"),
            storage.recordReminderTick("player", "s:late", "r", 0, 1, 1),
            storage.readReminders("player", "s:late"),
            storage.scanReminders(null, 10));
        for (final CompletableFuture<?> f : all) {
            assertInstanceOf(StorageException.class, failureOf(f));
        }
    }

    @Test
    void topicSubscribersReadBackInCodePointOrderOncePerSubscriberAndPerTopic() {
        assertEquals(List.of(), await(storage.readSubscriptions("lobby")));
        await(storage.upsertSubscription("lobby", "g:0000002a:6:player\u00e9s:z"));
        await(storage.upsertSubscription("lobby", "c:1:ff:2"));
        await(storage.upsertSubscription("lobby", "g:0000002a:6:players:alice"));
        await(storage.upsertSubscription("lobby", "c:1:ff:2"));
        await(storage.upsertSubscription("lobby-2", "c:0:aa:1"));
        assertEquals(List.of("c:1:ff:2", "g:0000002a:6:players:alice", "g:0000002a:6:player\u00e9s:z"),
            await(storage.readSubscriptions("lobby")), "stored once, by code point");
        assertEquals(List.of("c:0:aa:1"), await(storage.readSubscriptions("lobby-2")));

        assertTrue(await(storage.deleteSubscription("lobby", "c:1:ff:2")));
        assertFalse(await(storage.deleteSubscription("lobby", "c:1:ff:2")), "gone already");
        assertFalse(await(storage.deleteSubscription("nobody", "c:1:ff:2")));
        assertEquals(List.of("g:0000002a:6:players:alice", "g:0000002a:6:player\u00e9s:z"), await(storage.readSubscriptions("lobby")));
        assertEquals(List.of("c:0:aa:1"), await(storage.readSubscriptions("lobby-2")), "another topic keeps its own");
    }

    @Test
    void everySubscriptionOperationFailsAfterClose() {
        storage.close();
        final List<CompletableFuture<?>> all = List.of(
            storage.upsertSubscription("lobby", "c:1:ff:2"),
            storage.deleteSubscription("lobby", "c:1:ff:2"),
            storage.readSubscriptions("lobby"));
        for (final CompletableFuture<?> f : all) {
            assertInstanceOf(StorageException.class, failureOf(f));
        }
    }

    private static List<String> names(final List<StoredReminder> reminders) {
        final List<String> out = new ArrayList<>();
        for (final StoredReminder r : reminders) {
            out.add(r.name());
        }
        return out;
    }

    /** Kind, key, name, each by code point (as UTF-8 bytes compare). */
    private static int compareReminders(final StoredReminder a, final StoredReminder b) {
        int c = compareCodePoints(a.kind(), b.kind());
        if (c == 0) {
            c = compareCodePoints(a.key(), b.key());
        }
        return c != 0 ? c : compareCodePoints(a.name(), b.name());
    }

    private static int compareCodePoints(final String a, final String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    // ----- helpers

    protected static StateKey state(final String kind, final String key, final String name) {
        return new StateKey(kind, key, name);
    }

    protected static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(final byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    protected static List<String> texts(final List<byte[]> rows) {
        final List<String> out = new ArrayList<>();
        for (final byte[] row : rows) {
            out.add(text(row));
        }
        return out;
    }

    protected void assertState(final StateKey key, final String payload, final String etag) {
        final StoredState stored = await(storage.readState(key));
        assertNotNull(stored, "no state stored for " + key);
        assertEquals(payload, text(stored.payload()));
        assertEquals(etag, stored.etag());
    }

    /** The value of a future that must succeed. */
    protected static <T> T await(final CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
        } catch (final InterruptedException | TimeoutException e) {
            throw new AssertionError("operation did not complete: " + e, e);
        }
    }

    /** The failure of a future that must fail. */
    protected static Throwable failureOf(final CompletableFuture<?> future) {
        final Throwable failure = failureOrNull(future);
        if (failure == null) {
            throw new AssertionError("operation succeeded with " + future.join() + " but should have failed");
        }
        return failure;
    }

    /** The failure of a future, or {@code null} when it succeeded. */
    protected static Throwable failureOrNull(final CompletableFuture<?> future) {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (final ExecutionException e) {
            return e.getCause();
        } catch (final InterruptedException | TimeoutException e) {
            throw new AssertionError("operation did not complete: " + e, e);
        }
    }
}
