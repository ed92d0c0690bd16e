package io.grain.storage.jdbc;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.DuplicateRecordException;
import io.grain.storage.RecordStore;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;
import io.grain.storage.jdbc.grains.Holder;
import io.grain.storage.jdbc.grains.HolderGrain;
import io.grain.storage.jdbc.grains.IntOnly;
import io.grain.storage.jdbc.grains.IntTextRow;
import io.grain.storage.jdbc.grains.LongIntRow;
import io.grain.storage.jdbc.grains.LongOnly;
import io.grain.storage.jdbc.grains.Profile;
import io.grain.storage.jdbc.grains.Shelf;
import io.grain.storage.jdbc.grains.ShelfGrain;
import io.grain.storage.jdbc.grains.TextOnly;
import io.grain.storage.jdbc.grains.TextUuidRow;
import io.grain.storage.jdbc.grains.UuidLongRow;
import io.grain.storage.jdbc.grains.UuidOnly;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The persistence contract at the user's level, run against every provider: {@code GrainState}
 * and {@code RecordStore} used by grains of real members ({@link TestCluster}s and a
 * {@link GrainMember}) over the storage a subclass makes. Where {@link StorageContractTest} checks
 * the bytes a provider keeps, this checks what a grain sees: state loaded before {@code onActivate}
 * and the first call, every state operation for every grain key type, every record operation
 * for every key kind as key and subkey, absent states and rows, an etag conflict between two
 * clusters sharing the storage, clear, many grains writing at once, a 1 MiB state, state that
 * outlives a crashed member and the whole cluster, and stored bytes that do not decode.
 *
 * <p>Waiting: a provider completes on its own threads, so every test waits on the future of the
 * call (bounded by {@link #WAIT_SECONDS}, never a timing assertion) before it looks at anything.
 * A subclass may hand every test of the class the same database: tests use keys of their own.
 */
public abstract class GrainStorageContractTest {
    /** Bound on waiting for one call; generous, the machine is shared. Never a timing assertion. */
    protected static final long WAIT_SECONDS = 120;

    private static final StoredType<Profile> PROFILE = StoredTypes.of(Profile.class);
    private static final Duration IDLE = Duration.ofMinutes(30);

    protected Storage storage;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A storage over this class's database (empty but for what earlier tests of the class stored); the test closes it. */
    protected abstract Storage newStorage();

    @BeforeEach
    void openStorage() {
        storage = newStorage();
    }

    /**
     * What a second member, in production another process, stores through: a storage of its own over
     * the same data (the same SQLite file, the same PostgreSQL database), closed after the test.
     * {@code InMemoryStorage} can only be shared, so its suite answers the test's storage itself.
     */
    protected Storage anotherStorageOverTheSameData() {
        final Storage other = newStorage();
        opened.add(other);
        return other;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        storage.close();
    }

    /** A cluster of {@code members} on this test's storage, with the test grains; closed after the test. */
    private TestCluster cluster(final int members) {
        return cluster(members, storage);
    }

    private TestCluster cluster(final int members, final Storage on) {
        final TestCluster cluster = TestCluster.builder().members(members).storage(on)
            .register(Holder.class, HolderGrain::new)
            .register(Shelf.class, ShelfGrain::new)
            .start();
        opened.add(cluster);
        return cluster;
    }

    // ----- helpers

    static <T> T await(final CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (final TimeoutException e) {
            return fail("no answer within " + WAIT_SECONDS + " s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    static <E extends Throwable> E failure(final CompletableFuture<?> future, final Class<E> type) {
        final ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        if (!type.isInstance(e.getCause())) {
            throw new AssertionError("expected " + type.getName() + " but got " + e.getCause(), e.getCause());
        }
        return type.cast(e.getCause());
    }

    private static StateKey profileOf(final String typedKey) {
        return new StateKey("holder", typedKey, "profile");
    }

    private static byte[] encode(final Profile profile) {
        final ProtoWriter writer = new ProtoWriter();
        PROFILE.write(profile, writer);
        return writer.toByteArray();
    }

    /** What the storage holds for a state, decoded as the runtime would; null when nothing. */
    private Profile stored(final StateKey key) {
        final StoredState s = await(storage.readState(key));
        return s == null ? null : PROFILE.read(new ProtoReader(s.payload()));
    }

    private String storedEtag(final StateKey key) {
        final StoredState s = await(storage.readState(key));
        return s == null ? null : s.etag();
    }

    // ----- grain state

    /** A grain key of each type and the typed key text its state is stored under. */
    static Stream<Arguments> grainKeys() {
        final UUID uuid = UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5");
        return Stream.of(
            Arguments.of("string", (Function<TestCluster, Holder>)c -> c.grains().get(Holder.class, "loaded"), "s:loaded"),
            Arguments.of("long", (Function<TestCluster, Holder>)c -> c.grains().get(Holder.class, 4242L), "l:4242"),
            Arguments.of("uuid", (Function<TestCluster, Holder>)c -> c.grains().get(Holder.class, uuid), "u:" + uuid));
    }

    @ParameterizedTest(name = "{0} key")
    @MethodSource("grainKeys")
    void stateIsLoadedBeforeOnActivateAndTheFirstCall(final String keyType, final Function<TestCluster, Holder> grain,
        final String typedKey) {
        final Profile before = new Profile("stored " + keyType, 7, List.of("a", "b"));
        final String etag = await(storage.writeState(profileOf(typedKey), encode(before), null));
        final TestCluster cluster = cluster(1);
        final Holder holder = grain.apply(cluster);

        assertEquals(before, await(holder.get()), "the first call sees the stored state");
        assertEquals("stored " + keyType + ":7@" + etag, await(holder.seenOnActivate()));
        assertTrue(await(holder.exists()));
        assertEquals(etag, await(holder.etag()));

        // and the grain writes back under the same typed key
        final String next = await(holder.put("written " + keyType, 8));
        assertEquals(new Profile("written " + keyType, 8, List.of("put")), stored(profileOf(typedKey)));
        assertEquals(next, storedEtag(profileOf(typedKey)));
    }

    @Test
    void anAbsentStateIsNullDoesNotExistAndIsNotCreatedByReadingIt() {
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "absent");
        assertEquals("none", await(holder.seenOnActivate()));
        assertNull(await(holder.get()));
        assertFalse(await(holder.exists()));
        assertNull(await(holder.etag()));
        assertNull(await(holder.read()), "read() of nothing stored");
        assertFalse(await(holder.exists()));
        assertNull(await(storage.readState(profileOf("s:absent"))));
    }

    @Test
    void setChangesMemoryOnlyAndNothingIsWrittenWithoutWrite() {
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "unsaved");
        await(holder.set("in memory", 1));
        assertEquals(new Profile("in memory", 1, List.of("set")), await(holder.get()));
        assertTrue(await(holder.exists()));
        assertNull(await(holder.etag()), "nothing read or written yet");
        cluster.advance(IDLE);
        assertEquals(0, cluster.activationCount(), "collected");
        assertNull(await(storage.readState(profileOf("s:unsaved"))), "deactivation wrote nothing");
        assertNull(await(holder.get()));

        final String etag = await(holder.put("saved", 2));
        await(holder.set("not saved", 3));
        cluster.advance(IDLE);
        assertEquals(new Profile("saved", 2, List.of("put")), await(holder.get()));
        assertEquals(etag, await(holder.etag()));
    }

    @Test
    void writeStoresWhatWasSetAndMovesTheEtag() {
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "writer");
        await(holder.set("first", 1));
        final String first = await(holder.write());
        assertNotNull(first);
        assertEquals(first, storedEtag(profileOf("s:writer")));
        assertEquals(new Profile("first", 1, List.of("set")), stored(profileOf("s:writer")));

        final String second = await(holder.put("second", 2));
        assertNotEquals(first, second);
        assertEquals(second, await(holder.etag()));
        assertEquals(second, storedEtag(profileOf("s:writer")));
        assertEquals(new Profile("second", 2, List.of("put")), stored(profileOf("s:writer")));

        cluster.advance(IDLE);
        assertEquals("second:2@" + second, await(holder.seenOnActivate()), "reloaded after deactivation");
    }

    @Test
    void readReplacesWhatIsInMemoryWithWhatIsStored() {
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "reader");
        final String etag = await(holder.put("mine", 1));
        await(holder.set("unsaved", 2));
        final String outside = await(storage.writeState(profileOf("s:reader"), encode(new Profile("outside", 9, List.of())), etag));
        assertEquals(new Profile("outside", 9, List.of()), await(holder.read()));
        assertEquals(new Profile("outside", 9, List.of()), await(holder.get()));
        assertEquals(outside, await(holder.etag()));
        final String next = await(holder.put("after read", 10));
        assertEquals(next, storedEtag(profileOf("s:reader")), "a write after read() is at the etag read");
    }

    @Test
    void clearRemovesTheStoredStateAndItCanBeWrittenAgain() {
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "cleared");
        final String written = await(holder.put("doomed", 1));
        assertFalse(await(holder.clear()), "exists() after clear()");
        assertNull(await(holder.get()));
        assertNull(await(holder.etag()));
        assertNull(await(storage.readState(profileOf("s:cleared"))));

        cluster.advance(IDLE);
        assertEquals("none", await(holder.seenOnActivate()), "still gone after reactivation");
        final String again = await(holder.put("reborn", 2));
        assertNotEquals(written, again, "an etag is never reused after a clear");
        assertEquals(new Profile("reborn", 2, List.of("put")), stored(profileOf("s:cleared")));
        assertFalse(await(holder.clear()));
        assertNull(await(storage.readState(profileOf("s:cleared"))));
    }

    @Test
    void aConflictBetweenTwoClustersFailsTheLoserWhichDeactivatesAndThenSeesTheWinner() {
        final TestCluster here = cluster(1);
        final TestCluster there = cluster(1);
        final Holder winner = here.grains().get(Holder.class, "split");
        final Holder loser = there.grains().get(Holder.class, "split");
        assertEquals(10, await(winner.addLevel(10)));
        assertEquals(10, await(loser.get()).level(), "two activations of one grain, both loaded");
        assertEquals(15, await(winner.addLevel(5)));

        final GrainException e = failure(loser.addLevel(1), GrainException.class);
        assertEquals(StateConflictException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("holder/s:split/profile"), e.errorMessage());
        there.settle();
        assertEquals(0, there.activationCount(), "the loser deactivated");
        assertEquals(15, stored(profileOf("s:split")).level(), "the winner's write stands");

        assertEquals(15, await(loser.get()).level(), "the next call loads the winner's state");
        assertEquals(16, await(loser.addLevel(1)));
        assertEquals(16, stored(profileOf("s:split")).level());
        assertEquals(1, here.activationCount(), "the winner stays, now stale in its turn");
        failure(winner.addLevel(1), GrainException.class);
    }

    @Test
    void aConflictBetweenMembersWithStoragesOfTheirOwnOverTheSameData() {
        final TestCluster here = cluster(1);
        final TestCluster there = cluster(1, anotherStorageOverTheSameData());
        final Holder winner = here.grains().get(Holder.class, "two-storages");
        final Holder loser = there.grains().get(Holder.class, "two-storages");
        assertEquals(1, await(winner.addLevel(1)));
        assertEquals(1, await(loser.get()).level(), "the other storage sees the first one's write");
        assertEquals(2, await(winner.addLevel(1)));

        final GrainException e = failure(loser.addLevel(10), GrainException.class);
        assertEquals(StateConflictException.class.getName(), e.errorType());
        there.settle();
        assertEquals(0, there.activationCount(), "the loser deactivated");
        assertEquals(2, await(loser.get()).level(), "and its next call loads the winner's state");
        assertEquals(12, await(loser.addLevel(10)));
        assertEquals(12, stored(profileOf("s:two-storages")).level());
    }

    @Test
    void aStaleClearConflictsTooAndRemovesNothing() {
        final TestCluster here = cluster(1);
        final TestCluster there = cluster(1);
        await(here.grains().get(Holder.class, "stale-clear").addLevel(1));
        final Holder loser = there.grains().get(Holder.class, "stale-clear");
        await(loser.get());
        await(here.grains().get(Holder.class, "stale-clear").addLevel(1));
        final GrainException e = failure(loser.clear(), GrainException.class);
        assertEquals(StateConflictException.class.getName(), e.errorType());
        there.settle();
        assertEquals(0, there.activationCount());
        assertEquals(2, stored(profileOf("s:stale-clear")).level(), "the stale clear removed nothing");
    }

    @Test
    void manyGrainsWritingAtOnceLoseNoAcknowledgedWrite() {
        final int grains = 120;
        final int writesEach = 3;
        final TestCluster cluster = cluster(2);
        final List<CompletableFuture<Integer>> levels = new ArrayList<>();
        final List<CompletableFuture<Void>> notes = new ArrayList<>();
        for (int round = 0; round < writesEach; round++) {
            for (int g = 0; g < grains; g++) {
                levels.add(cluster.grains().get(Holder.class, "many-" + g).addLevel(1));
                notes.add(cluster.grains().get(Shelf.class, "many-" + g).put(new UUID(g, round), "note " + round));
            }
        }
        for (final CompletableFuture<Integer> f : levels) {
            assertTrue(await(f) >= 1);
        }
        for (final CompletableFuture<Void> f : notes) {
            await(f);
        }
        cluster.close();

        final TestCluster next = cluster(1);
        for (int g = 0; g < grains; g++) {
            assertEquals(writesEach, await(next.grains().get(Holder.class, "many-" + g).get()).level(), "grain many-" + g);
            assertEquals(List.of("note 0", "note 1", "note 2"), await(next.grains().get(Shelf.class, "many-" + g).list()),
                "shelf many-" + g);
        }
    }

    @Test
    void aOneMebibyteStateIsWrittenAndLoaded() {
        final int chars = 1 << 20;
        final TestCluster cluster = cluster(1);
        final Holder holder = cluster.grains().get(Holder.class, "big");
        final String etag = await(holder.writeBig(chars));
        assertEquals(etag, storedEtag(profileOf("s:big")));
        assertTrue(await(storage.readState(profileOf("s:big"))).payload().length > chars);
        cluster.close();

        final TestCluster next = cluster(1);
        final Holder again = next.grains().get(Holder.class, "big");
        assertEquals(chars, await(again.nameLength()));
        assertEquals(etag, await(again.etag()));
        assertEquals(2, await(again.addLevel(1)), "small writes after the big one");
        assertEquals(chars, stored(profileOf("s:big")).name().length());
    }

    @Test
    void stateOutlivesTheCrashOfItsMemberAndTheWholeCluster() {
        final TestCluster three = cluster(3);
        final Holder holder = three.grains().get(Holder.class, "survivor");
        assertEquals(50, await(holder.addLevel(50)));
        final int owner = three.ownerOf(GrainId.of("holder", "survivor"));
        three.kill(owner);
        assertNotEquals(owner, three.ownerOf(GrainId.of("holder", "survivor")));
        assertEquals(51, await(three.grains().get(Holder.class, "survivor").addLevel(1)), "loaded on another member");
        three.addMember();
        assertEquals(52, await(three.grains().get(Holder.class, "survivor").addLevel(1)));
        three.close();

        final TestCluster next = cluster(1);
        assertEquals(52, await(next.grains().get(Holder.class, "survivor").get()).level());
        assertEquals(53, await(next.grains().get(Holder.class, "survivor").addLevel(1)));
    }

    @Test
    void aGrainMemberStoresAndAnotherLoadsWhatItStored() {
        final UUID token = new UUID(5, 5);
        try (GrainMember member = member()) {
            assertTrue(await(member.grains().get(Holder.class, "member").threadAfterWrite()).startsWith("grain-shard-"),
                "the continuation after write() runs on a shard thread");
            await(member.grains().get(Holder.class, "member").put("by member", 4));
            await(member.grains().get(Shelf.class, "member").put(token, "by member"));
            await(member.records(TextOnly.class).upsert(new TextOnly("member", "outside grains")));
        }
        try (GrainMember again = member()) {
            assertEquals(new Profile("by member", 4, List.of("put")), await(again.grains().get(Holder.class, "member").get()));
            assertEquals("by member", await(again.grains().get(Shelf.class, "member").value(token)));
            assertEquals("outside grains", await(again.grains().get(Shelf.class, "member").line()));
            assertEquals(Optional.of(new TextUuidRow("member", token, "by member")),
                await(again.records(TextUuidRow.class).get("member", token)));
        }
    }

    private GrainMember member() {
        return GrainMember.builder().shards(2).storage(storage)
            .register(Holder.class, HolderGrain::new)
            .register(Shelf.class, ShelfGrain::new)
            .start();
    }

    @Test
    void aStateThatDoesNotDecodeFailsOnlyThatGrainsLoadAndNamesIt() {
        await(storage.writeState(profileOf("s:broken"), new byte[] {0, 0}, null));
        final TestCluster cluster = cluster(1);
        final GrainException e = failure(cluster.grains().get(Holder.class, "broken").get(), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("holder/s:broken/profile"), e.errorMessage());
        assertTrue(e.errorMessage().contains(Profile.class.getName()), e.errorMessage());
        assertEquals(0, cluster.activationCount(), "the failed activation is forgotten");

        assertEquals(1, await(cluster.grains().get(Holder.class, "not-broken").addLevel(1)));
        failure(cluster.grains().get(Holder.class, "broken").get(), GrainException.class);
        assertEquals(1, cluster.activationCount());
    }

    // ----- records

    /**
     * A table of the suite: makes its rows and names two keys and subkeys in subkey order, chosen
     * where orders differ (negative numbers, code points beyond the BMP against U+FF21, UUIDs
     * with the top bit set, which Java's signed {@code UUID.compareTo} puts first).
     */
    record Table<T>(Class<T> type, Object key, Object otherKey, List<Object> subkeysInOrder, RowMaker<T> maker,
        Function<T, String> value) {
        T row(final Object k, final Object s, final String v) {
            return maker.make(k, s, v);
        }

        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    @FunctionalInterface
    interface RowMaker<T> {
        T make(Object key, Object subkey, String value);
    }

    static Stream<Table<?>> tablesWithSubkeys() {
        return Stream.of(
            new Table<>(LongIntRow.class, 7001L, 7002L, List.of(Integer.MIN_VALUE, -5, 3, 70),
                (k, s, v) -> new LongIntRow((Long)k, (Integer)s, v), LongIntRow::value),
            new Table<>(IntTextRow.class, 7001, -7001, List.of("", "B", "a", "é", "\uFF21", "\uD83D\uDE00"),
                (k, s, v) -> new IntTextRow((Integer)k, (String)s, v), IntTextRow::value),
            new Table<>(TextUuidRow.class, "k-7001", "k-7002",
                List.of(new UUID(0, 1), new UUID(0, -1), new UUID(1, 0), new UUID(Long.MAX_VALUE, 0), new UUID(Long.MIN_VALUE, 0),
                    new UUID(-1, -1)),
                (k, s, v) -> new TextUuidRow((String)k, (UUID)s, v), TextUuidRow::value),
            new Table<>(UuidLongRow.class, new UUID(7001, 1), new UUID(-7001, 1), List.of(Long.MIN_VALUE, -1L, 2L, 300_000_000_000L),
                (k, s, v) -> new UuidLongRow((UUID)k, (Long)s, v), UuidLongRow::value));
    }

    static Stream<Table<?>> tablesWithoutSubkeys() {
        return Stream.of(
            new Table<>(LongOnly.class, 8001L, -8001L, List.of(), (k, s, v) -> new LongOnly((Long)k, v), LongOnly::value),
            new Table<>(IntOnly.class, 8001, -8001, List.of(), (k, s, v) -> new IntOnly((Integer)k, v), IntOnly::value),
            new Table<>(TextOnly.class, "k-8001", "k-8002", List.of(), (k, s, v) -> new TextOnly((String)k, v), TextOnly::value),
            new Table<>(UuidOnly.class, new UUID(8001, 1), new UUID(Long.MIN_VALUE, 1), List.of(),
                (k, s, v) -> new UuidOnly((UUID)k, v), UuidOnly::value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tablesWithSubkeys")
    <T> void everyRecordOperationOnATableWithASubkey(final Table<T> t) {
        final TestCluster cluster = cluster(1);
        final RecordStore<T> rows = cluster.records(t.type());
        final List<Object> subkeys = t.subkeysInOrder();
        final Object first = subkeys.get(0);

        // absent
        assertEquals(Optional.empty(), await(rows.get(t.key(), first)));
        assertEquals(List.of(), await(rows.query(t.key())));
        assertFalse(await(rows.delete(t.key(), first)));
        assertEquals(0, await(rows.delete(t.key())));

        // inserted in reverse order, queried in subkey order
        for (int i = subkeys.size() - 1; i >= 0; i--) {
            await(rows.insert(t.row(t.key(), subkeys.get(i), "v" + i)));
        }
        await(rows.insert(t.row(t.otherKey(), first, "other")));
        final DuplicateRecordException dup = failure(rows.insert(t.row(t.key(), first, "again")), DuplicateRecordException.class);
        assertNotNull(dup.getMessage());
        assertEquals(Optional.of(t.row(t.key(), first, "v0")), await(rows.get(t.key(), first)), "the duplicate changed nothing");

        await(rows.upsert(t.row(t.key(), first, "replaced")));
        final List<String> expected = new ArrayList<>();
        expected.add("replaced");
        for (int i = 1; i < subkeys.size(); i++) {
            expected.add("v" + i);
        }
        assertEquals(expected, await(rows.query(t.key())).stream().map(t.value()).collect(Collectors.toList()));
        for (int i = 1; i < subkeys.size(); i++) {
            assertEquals(Optional.of(t.row(t.key(), subkeys.get(i), "v" + i)), await(rows.get(t.key(), subkeys.get(i))));
        }
        assertEquals(List.of(t.row(t.otherKey(), first, "other")), await(rows.query(t.otherKey())));

        // delete one, then the rest of the key; the other key's row stays
        assertTrue(await(rows.delete(t.key(), first)));
        assertFalse(await(rows.delete(t.key(), first)));
        assertEquals(Optional.empty(), await(rows.get(t.key(), first)));
        assertEquals(subkeys.size() - 1, await(rows.delete(t.key())));
        assertEquals(List.of(), await(rows.query(t.key())));
        assertEquals(Optional.of(t.row(t.otherKey(), first, "other")), await(rows.get(t.otherKey(), first)));

        // the rows are the storage's, not the cluster's
        cluster.close();
        assertEquals(List.of(t.row(t.otherKey(), first, "other")), await(cluster(1).records(t.type()).query(t.otherKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tablesWithoutSubkeys")
    <T> void everyRecordOperationOnATableWithoutASubkey(final Table<T> t) {
        final TestCluster cluster = cluster(1);
        final RecordStore<T> rows = cluster.records(t.type());
        assertEquals(Optional.empty(), await(rows.get(t.key())));
        assertEquals(List.of(), await(rows.query(t.key())));
        assertEquals(0, await(rows.delete(t.key())));

        await(rows.insert(t.row(t.key(), null, "one")));
        await(rows.insert(t.row(t.otherKey(), null, "other")));
        failure(rows.insert(t.row(t.key(), null, "two")), DuplicateRecordException.class);
        assertEquals(Optional.of(t.row(t.key(), null, "one")), await(rows.get(t.key())));
        await(rows.upsert(t.row(t.key(), null, "two")));
        assertEquals(Optional.of(t.row(t.key(), null, "two")), await(rows.get(t.key())));
        assertEquals(List.of(t.row(t.key(), null, "two")), await(rows.query(t.key())), "one row per key");

        assertEquals(1, await(rows.delete(t.key())));
        assertEquals(0, await(rows.delete(t.key())));
        assertEquals(Optional.empty(), await(rows.get(t.key())));
        assertEquals(Optional.of(t.row(t.otherKey(), null, "other")), await(rows.get(t.otherKey())));
    }

    @Test
    void aGrainUsesEveryRecordOperationFromItsContext() {
        final TestCluster cluster = cluster(1);
        final Shelf shelf = cluster.grains().get(Shelf.class, "context");
        final Shelf other = cluster.grains().get(Shelf.class, "context-other");
        final UUID low = new UUID(0, 7);
        final UUID high = new UUID(Long.MIN_VALUE, 7);

        assertEquals("absent", await(shelf.value(low)));
        assertEquals(List.of(), await(shelf.list()));
        assertFalse(await(shelf.remove(low)));
        assertEquals("absent", await(shelf.line()));

        await(shelf.add(high, "high"));
        await(shelf.add(low, "low"));
        await(other.add(low, "other's"));
        final GrainException dup = failure(shelf.add(low, "again"), GrainException.class);
        assertEquals(DuplicateRecordException.class.getName(), dup.errorType());
        assertEquals("low", await(shelf.value(low)));
        await(shelf.put(low, "low, replaced"));
        assertEquals(List.of("low, replaced", "high"), await(shelf.list()));
        await(shelf.putLine("a line"));
        await(shelf.putLine("the line"));
        assertEquals("the line", await(shelf.line()));

        assertEquals("grain-test-cluster", await(shelf.threadAfterGet()),
            "the continuation runs on the activation's thread (the test cluster's driver)");

        assertTrue(await(shelf.remove(high)));
        assertEquals(List.of("low, replaced"), await(shelf.list()));
        assertEquals(1, await(shelf.removeAll()));
        assertEquals(List.of(), await(shelf.list()));
        assertEquals(1, await(shelf.removeLine()));
        assertEquals("absent", await(shelf.line()));
        assertEquals(List.of("other's"), await(other.list()), "another grain's rows stay");
    }

    @Test
    void aRowThatDoesNotDecodeFailsOnlyItsOperationAndNamesTableAndKeys() {
        final UUID bad = new UUID(9, 9);
        final UUID good = new UUID(9, 10);
        final TestCluster cluster = cluster(1);
        final Shelf shelf = cluster.grains().get(Shelf.class, "broken-rows");
        await(shelf.put(good, "fine"));
        await(storage.upsert(StoredTypes.of(TextUuidRow.class), "broken-rows", bad, new byte[] {0, 0}));

        final GrainException e = failure(shelf.value(bad), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("row of table 'text_uuid_rows' with name broken-rows and token " + bad),
            e.errorMessage());
        assertTrue(e.errorMessage().contains(TextUuidRow.class.getName()), e.errorMessage());
        assertEquals("fine", await(shelf.value(good)), "the grain and its other rows go on");
        assertEquals(StorageException.class.getName(), failure(shelf.list(), GrainException.class).errorType(),
            "a query that meets the row fails too");

        final StorageException direct = failure(cluster.records(TextUuidRow.class).get("broken-rows", bad), StorageException.class);
        assertTrue(direct.getMessage().contains("'text_uuid_rows'"), direct.getMessage());
        assertTrue(await(shelf.remove(bad)), "a row that does not decode can still be deleted");
        assertEquals(List.of("fine"), await(shelf.list()));
    }

    /** Whether the database stores text that contains U+0000 (PostgreSQL's text types cannot). */
    protected boolean storesNulInText() {
        return true;
    }

    @Test
    void textWithANulCharacterIsStoredOrFailsOnlyItsOwnOperation() {
        final TestCluster cluster = cluster(1);
        final RecordStore<TextOnly> rows = cluster.records(TextOnly.class);
        final String nul = "nul\u0000key";
        final Holder holder = cluster.grains().get(Holder.class, nul);
        if (storesNulInText()) {
            await(rows.upsert(new TextOnly(nul, "kept")));
            assertEquals(Optional.of(new TextOnly(nul, "kept")), await(rows.get(nul)));
            assertEquals(Optional.empty(), await(rows.get("nul")), "the key is not cut at the NUL");
            await(holder.put("nul", 1));
            assertEquals(new Profile("nul", 1, List.of("put")), stored(profileOf("s:" + nul)));
        } else {
            final StorageException e = failure(rows.upsert(new TextOnly(nul, "refused")), StorageException.class);
            assertTrue(e.getMessage().contains("text_only"), e.getMessage());
            final GrainException stateWrite = failure(holder.put("nul", 1), GrainException.class);
            assertEquals(StorageException.class.getName(), stateWrite.errorType());
        }
        await(rows.upsert(new TextOnly("after-nul", "fine")));
        assertEquals(Optional.of(new TextOnly("after-nul", "fine")), await(rows.get("after-nul")), "the storage goes on");
    }

    @Test
    void aKeyOfTheWrongTypeIsRefusedBeforeTheStorageSeesIt() {
        final TestCluster cluster = cluster(1);
        final RecordStore<LongIntRow> rows = cluster.records(LongIntRow.class);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rows.get(7, 1));
        assertTrue(e.getMessage().contains("long_int_rows"), e.getMessage());
        final IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
            () -> cluster.records(UuidOnly.class).get("not a uuid"));
        assertTrue(text.getMessage().contains("java.util.UUID"), text.getMessage());
    }
}
