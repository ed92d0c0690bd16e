package io.grain.runtime.it;

import io.grain.runtime.grains.PlayerDataStoredType;
import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.grains.Keeper;
import io.grain.runtime.grains.KeeperGrain;
import io.grain.runtime.grains.PlayerData;
import io.grain.runtime.grains.TestStoredTypes;
import io.grain.runtime.grains.Trace;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.StorageException;
import io.grain.storage.StoredState;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durable grain state on a TestCluster with its InMemoryStorage, on virtual time. */
class StateTest {
    private TestCluster cluster;
    private InMemoryStorage storage;

    @BeforeEach
    void start() {
        Trace.reset();
        cluster = TestCluster.builder().members(1).register(Keeper.class, KeeperGrain::new).start();
        storage = (InMemoryStorage)cluster.storage();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Keeper keeper(final String key) {
        return cluster.grains().get(Keeper.class, key);
    }

    private static StateKey mainState(final String key) {
        return new StateKey("keeper", "s:" + key, "player_data");
    }

    private PlayerData stored(final StateKey key) {
        final StoredState s = Await.result(storage.readState(key));
        return s == null ? null : TestStoredTypes.decode(PlayerDataStoredType.INSTANCE, s.payload());
    }

    private void store(final StateKey key, final PlayerData data) {
        Await.result(storage.writeState(key, TestStoredTypes.encode(PlayerDataStoredType.INSTANCE, data), null));
    }

    private static List<String> events(final String prefix) {
        return Trace.events().stream().filter(e -> e.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void stateIsLoadedBeforeOnActivateAndTheFirstCall() {
        store(mainState("alice"), new PlayerData("alice", 1500, List.of("gold")));
        assertEquals(new PlayerData("alice", 1500, List.of("gold")), Await.result(keeper("alice").data()));
        assertEquals(List.of("activate alice alice:1500"), Trace.events());
        assertEquals(1510, Await.result(keeper("alice").addRating(10)));
        assertEquals(1510, stored(mainState("alice")).rating());
    }

    @Test
    void theStateKeyCarriesTheKindTheTypedKeyAndTheName() {
        final UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        store(new StateKey("keeper", "l:42", "player_data"), new PlayerData("long", 42, List.of()));
        store(new StateKey("keeper", "u:" + uuid, "player_data"), new PlayerData("uuid", 7, List.of()));
        store(new StateKey("keeper", "s:42", "backup"), new PlayerData("string backup", 3, List.of()));
        assertEquals("long", Await.result(cluster.grains().get(Keeper.class, 42L).data()).name());
        assertEquals("uuid", Await.result(cluster.grains().get(Keeper.class, uuid).data()).name());
        assertNull(Await.result(keeper("42").data()), "a string key \"42\" is not the long key 42");
        assertEquals("string backup", Await.result(keeper("42").backupData()).name());
    }

    @Test
    void callsWaitForASlowLoadAndTheStatesLoadInParallel() {
        final InMemoryStorage.Gate loads = storage.hold(InMemoryStorage.Operation.READ_STATE);
        final CompletableFuture<Integer> first = keeper("slow").addRating(1);
        final CompletableFuture<PlayerData> second = keeper("slow").data();
        cluster.settle();
        assertFalse(first.isDone());
        assertFalse(second.isDone());
        assertEquals(List.of(), Trace.events(), "onActivate waits for the load");
        assertEquals(2, loads.waiting(), "both declared states are being read at once");
        loads.open();
        assertEquals(1001, Await.result(first));
        assertEquals(1001, Await.result(second).rating());
        assertEquals(List.of("activate slow none"), Trace.events());
    }

    @Test
    void aFailedLoadFailsTheWaitingCallsAndTheNextCallRetries() {
        store(mainState("bob"), new PlayerData("bob", 1200, List.of()));
        final InMemoryStorage.Gate loads = storage.hold(InMemoryStorage.Operation.READ_STATE);
        storage.failNext(InMemoryStorage.Operation.READ_STATE, 1, () -> new StorageException("database down"));
        final CompletableFuture<Integer> first = keeper("bob").addRating(5);
        final CompletableFuture<PlayerData> second = keeper("bob").data();
        cluster.settle();
        loads.open();
        for (final CompletableFuture<?> call : List.of(first, second)) {
            final GrainException e = Await.failure(call, GrainException.class);
            assertEquals(StorageException.class.getName(), e.errorType());
            assertEquals("database down", e.errorMessage());
        }
        cluster.settle();
        assertEquals(0, cluster.activationCount(), "the failed activation is forgotten");
        assertEquals(List.of(), Trace.events(), "onActivate never ran");
        assertEquals(1200, stored(mainState("bob")).rating(), "nothing was written");

        assertEquals(1205, Await.result(keeper("bob").addRating(5)));
        assertEquals(List.of("activate bob bob:1200"), Trace.events());
    }

    @Test
    void writesAreConditionalOnTheEtagAndMoveIt() {
        final Keeper k = keeper("e");
        assertNull(Await.result(k.etag()));
        assertEquals(1001, Await.result(k.addRating(1)));
        final String first = Await.result(k.etag());
        assertNotNull(first);
        assertEquals(first, Await.result(storage.readState(mainState("e"))).etag());
        assertEquals(1003, Await.result(k.addRating(2)));
        final String second = Await.result(k.etag());
        assertNotEquals(first, second);
        assertEquals(second, Await.result(storage.readState(mainState("e"))).etag());
    }

    @Test
    void aFailedWriteFailsTheCallAndKeepsTheEtag() {
        final Keeper k = keeper("w");
        Await.result(k.addRating(1));
        final String etag = Await.result(k.etag());
        storage.failNext(InMemoryStorage.Operation.WRITE_STATE, 1, () -> new StorageException("disk full"));
        final GrainException e = Await.failure(k.addRating(1), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        assertEquals("disk full", e.errorMessage());
        assertEquals(etag, Await.result(k.etag()));
        assertEquals(1001, stored(mainState("w")).rating());
        assertEquals(1003, Await.result(k.addRating(1)), "the activation stays; the next write stores the value in memory");
        assertEquals(1003, stored(mainState("w")).rating());
    }

    @Test
    void aWriteWhileOneIsInFlightWaitsAndThenWritesTheNewestValue() {
        final InMemoryStorage.Gate writes = storage.hold(InMemoryStorage.Operation.WRITE_STATE);
        final CompletableFuture<String> call = keeper("q").threeWrites();
        cluster.settle();
        assertEquals(1, writes.waiting(), "one write at a time");
        assertTrue(writes.runNext());
        cluster.settle();
        assertEquals(1, stored(mainState("q")).rating());
        assertEquals(1, writes.waiting(), "the second write started after the first completed");
        assertFalse(call.isDone());
        assertTrue(writes.runNext());
        assertEquals("true 3", Await.result(call), "the waiting writes share one write of the newest value");
        assertEquals(3, stored(mainState("q")).rating());
        assertEquals(0, writes.waiting());
        writes.open();
    }

    @Test
    void continuationsAfterWriteRunOnTheActivationsThreadEvenWhenStorageCompletesElsewhere() {
        final InMemoryStorage.Gate writes = storage.hold(InMemoryStorage.Operation.WRITE_STATE);
        final CompletableFuture<String> call = keeper("t").writeOnThread(5);
        cluster.settle();
        writes.open(); // the write completes on this test thread
        assertEquals("grain-test-cluster", Await.result(call));
        assertEquals(6, Await.result(keeper("t").data()).rating(), "the continuation's set() is the activation's value");
        assertEquals(5, stored(mainState("t")).rating());
    }

    @Test
    void aConflictFailsTheWriteAndDeactivatesTheLoserWhoseNextCallSeesTheWinner() {
        try (TestCluster other = TestCluster.builder().members(1).storage(storage).register(Keeper.class, KeeperGrain::new).start()) {
            final Keeper here = keeper("split");
            final Keeper there = other.grains().get(Keeper.class, "split");
            assertEquals(1010, Await.result(here.addRating(10)));
            assertEquals(1010, Await.result(there.data()).rating(), "two activations of one grain, both loaded");
            assertEquals(1015, Await.result(here.addRating(5)));

            final GrainException e = Await.failure(there.addRating(1), GrainException.class);
            assertEquals(StateConflictException.class.getName(), e.errorType());
            assertTrue(e.errorMessage().contains("keeper/s:split/player_data"), e.errorMessage());
            other.settle();
            assertEquals(0, other.activationCount(), "the loser deactivated");
            assertEquals(1, events("deactivate split").size());
            assertEquals(1015, stored(mainState("split")).rating(), "the winner's write stands");

            assertEquals(1015, Await.result(there.data()).rating(), "the next call loads the winner's state");
            assertEquals(1016, Await.result(there.addRating(1)));
            assertEquals(1, cluster.activationCount(), "the winner stays");
        }
    }

    @Test
    void aClearOverAnotherActivationsWriteConflictsToo() {
        try (TestCluster other = TestCluster.builder().members(1).storage(storage).register(Keeper.class, KeeperGrain::new).start()) {
            Await.result(keeper("cc").addRating(1));
            final Keeper there = other.grains().get(Keeper.class, "cc");
            Await.result(there.data());
            Await.result(keeper("cc").addRating(1));
            final GrainException e = Await.failure(there.clear(), GrainException.class);
            assertEquals(StateConflictException.class.getName(), e.errorType());
            other.settle();
            assertEquals(0, other.activationCount());
            assertEquals(1002, stored(mainState("cc")).rating(), "the stale clear removed nothing");
        }
    }

    @Test
    void aConflictOfAWriteOutsideAnyTurnDeactivatesTheIdleActivation() {
        try (TestCluster other = TestCluster.builder().members(1).storage(storage).register(Keeper.class, KeeperGrain::new).start()) {
            Await.result(keeper("idle").addRating(1));
            final Keeper there = other.grains().get(Keeper.class, "idle");
            Await.result(there.addRatingLater(1_000));
            Await.result(keeper("idle").addRating(1));
            other.advance(Duration.ofSeconds(2));
            assertEquals(List.of("timer write idle StateConflictException"), events("timer write"));
            assertEquals(0, other.activationCount(), "deactivated although no call came");
            assertEquals(1002, stored(mainState("idle")).rating());
        }
    }

    @Test
    void aCallMadeAfterWriteKeepsTheTurnsChainSoItsCalleeMayCallBack() {
        final Keeper a = keeper("a");
        Await.result(a.addRating(1));
        final String etag = Await.result(a.etag());
        final String seen = Await.result(a.writeThenAskBack("b"));
        assertNotEquals(etag, seen, "b saw a's etag after the write, through a's still running turn");
        assertEquals(seen, Await.result(a.etag()));
        assertEquals(seen, Await.result(a.upsertThenAskBack("b")), "the same after a record operation");
    }

    @Test
    void clearRemovesTheStoredState() {
        final Keeper k = keeper("c");
        Await.result(k.addRating(1));
        assertEquals(1, storage.stateCount());
        assertEquals(false, Await.result(k.clear()));
        assertNull(Await.result(storage.readState(mainState("c"))));
        assertNull(Await.result(k.data()));
        assertNull(Await.result(k.etag()));
        cluster.advance(Duration.ofMinutes(20));
        assertNull(Await.result(k.data()), "still gone after reactivation");
        assertEquals(1001, Await.result(k.addRating(1)), "and it can be written again");
    }

    @Test
    void nothingIsWrittenWithoutWrite() {
        final Keeper k = keeper("n");
        Await.result(k.rename("ghost"));
        assertEquals("ghost", Await.result(k.data()).name());
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(1, events("deactivate n").size());
        assertEquals(0, storage.stateCount(), "set() alone stores nothing, not even on deactivation");
        assertNull(Await.result(k.data()));

        Await.result(k.addRating(1));
        final String etag = Await.result(k.etag());
        Await.result(k.rename("unsaved"));
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(etag, Await.result(k.etag()), "deactivation wrote nothing");
        assertEquals("n", Await.result(k.data()).name());
    }

    @Test
    void readReplacesWhatIsInMemory() {
        final Keeper k = keeper("r");
        Await.result(k.addRating(1));
        Await.result(k.rename("unsaved"));
        final String etag = Await.result(storage.readState(mainState("r"))).etag();
        Await.result(storage.writeState(mainState("r"),
            TestStoredTypes.encode(PlayerDataStoredType.INSTANCE, new PlayerData("outside", 7, List.of())), etag));
        assertEquals(new PlayerData("outside", 7, List.of()), Await.result(k.reread()));
        assertEquals("outside", Await.result(k.data()).name());
        assertEquals(Await.result(storage.readState(mainState("r"))).etag(), Await.result(k.etag()));
    }

    @Test
    void stateSurvivesDeactivation() {
        assertEquals(1020, Await.result(keeper("d").addRating(20)));
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(0, cluster.activationCount());
        assertEquals(1021, Await.result(keeper("d").addRating(1)));
        assertEquals(List.of("activate d none", "deactivate d", "activate d d:1020"), Trace.events());
    }

    @Test
    void stateSurvivesTheCrashOfItsMember() {
        try (TestCluster three = TestCluster.builder().members(3).register(Keeper.class, KeeperGrain::new).start()) {
            final Keeper k = three.grains().get(Keeper.class, "survivor");
            assertEquals(1050, Await.result(k.addRating(50)));
            final int owner = three.ownerOf(GrainId.of("keeper", "survivor"));
            three.kill(owner);
            assertNotEquals(owner, three.ownerOf(GrainId.of("keeper", "survivor")));
            assertEquals(1051, Await.result(three.grains().get(Keeper.class, "survivor").addRating(1)));
            three.addMember();
            assertEquals(1052, Await.result(three.grains().get(Keeper.class, "survivor").addRating(1)),
                "a member added later shares the storage too");
        }
    }

    @Test
    void severalNamedStatesAreStoredApart() {
        final Keeper k = keeper("two");
        Await.result(k.addRating(1));
        Await.result(k.backup(77));
        assertEquals(1001, stored(mainState("two")).rating());
        assertEquals(77, stored(new StateKey("keeper", "s:two", "backup")).rating());
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(1001, Await.result(k.data()).rating());
        assertEquals(77, Await.result(k.backupData()).rating());
    }

    @Test
    void aOneMebibyteStateIsWrittenAndLoaded() {
        final int chars = 1 << 20;
        final Keeper k = keeper("big");
        assertNotNull(Await.result(k.writeBig(chars)));
        assertEquals(chars, stored(mainState("big")).name().length());
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(0, cluster.activationCount());
        assertEquals(chars, Await.result(k.nameLength()));
        assertEquals(1001, Await.result(k.addRating(1000)), "the shard writes small states after the big one");
    }

    @Test
    void aStateThatDoesNotDecodeFailsOnlyThatGrain() {
        Await.result(storage.writeState(mainState("broken"), new byte[] {0, 0}, null));
        final GrainException e = Await.failure(keeper("broken").data(), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("keeper/s:broken/player_data"), e.errorMessage());
        assertTrue(e.errorMessage().contains(PlayerData.class.getName()), e.errorMessage());
        assertEquals(1001, Await.result(keeper("fine").addRating(1)));
        Await.failure(keeper("broken").data(), GrainException.class);
    }

    @Test
    void declaringAStateAfterTheConstructorFailsAndSaysWhatToDo() {
        final GrainException e = Await.failure(keeper("late").lateState(), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("declare every state in the grain's constructor"), e.errorMessage());
        assertEquals(1001, Await.result(keeper("late").addRating(1)), "the activation stays");
    }
}
