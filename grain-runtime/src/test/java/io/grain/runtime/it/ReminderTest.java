package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.grains.Alarm;
import io.grain.runtime.grains.AlarmGrain;
import io.grain.runtime.grains.ForgetfulAlarmGrain;
import io.grain.runtime.grains.Trace;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import io.grain.storage.StoredReminder;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durable reminders on TestCluster virtual time, with the cluster's InMemoryStorage. */
class ReminderTest {
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    private final List<TestCluster> clusters = new ArrayList<>();
    private long t0;

    @BeforeEach
    void reset() {
        Trace.reset();
        AlarmGrain.FAIL_TICKS.set(0);
    }

    @AfterEach
    void stop() {
        for (final TestCluster c : clusters) {
            c.close();
        }
    }

    private TestCluster start(final TestCluster.Builder builder) {
        final TestCluster cluster = builder.start();
        clusters.add(cluster);
        t0 = cluster.nowMillis();
        return cluster;
    }

    private TestCluster start(final int members) {
        return start(TestCluster.builder().members(members).register(Alarm.class, AlarmGrain::new));
    }

    private static Alarm alarm(final TestCluster cluster, final String key) {
        return cluster.grains().get(Alarm.class, key);
    }

    private static List<String> ticks() {
        return Trace.events().stream().filter(e -> e.startsWith("tick ")).collect(Collectors.toList());
    }

    private String tick(final String key, final String name, final long offsetMillis) {
        return "tick " + key + " " + name + " @" + (t0 + offsetMillis);
    }

    private static long ticksOf(final TestCluster cluster) {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            sum += cluster.counters(i).reminderTicks();
        }
        return sum;
    }

    @Test
    void aReminderFiresAtItsDueTimeThenEveryPeriod() {
        final TestCluster cluster = start(1);
        Await.result(alarm(cluster, "a").remind("r", 90 * SECOND, MINUTE));
        cluster.advance(Duration.ofSeconds(89));
        assertEquals(List.of(), ticks());
        cluster.advance(Duration.ofSeconds(1));
        assertEquals(List.of(tick("a", "r", 90 * SECOND)), ticks());
        cluster.advance(Duration.ofMinutes(3));
        assertEquals(List.of(tick("a", "r", 90 * SECOND), tick("a", "r", 150 * SECOND), tick("a", "r", 210 * SECOND),
            tick("a", "r", 270 * SECOND)), ticks());
        assertEquals(4, Await.result(alarm(cluster, "a").ticks()));
        assertEquals(4, cluster.counters(0).reminderTicks());
        assertEquals(0, cluster.counters(0).reminderFailures());
        // each delivered tick is recorded, so a member that takes the reminder over knows it
        final StoredReminder stored = Await.result(cluster.storage().readReminders("alarm", "s:a")).get(0);
        assertEquals(new StoredReminder("alarm", "s:a", "r", t0 + 90 * SECOND, MINUTE, t0 + 270 * SECOND), stored);
    }

    @Test
    void registeringANameAgainReplacesIt() {
        final TestCluster cluster = start(1);
        Await.result(alarm(cluster, "a").remind("r", MINUTE, MINUTE));
        cluster.advance(Duration.ofSeconds(90));
        Await.result(alarm(cluster, "a").remind("r", 10 * SECOND, 2 * MINUTE));
        cluster.advance(Duration.ofMinutes(5));
        assertEquals(List.of(tick("a", "r", MINUTE), tick("a", "r", 100 * SECOND), tick("a", "r", 220 * SECOND),
            tick("a", "r", 340 * SECOND)), ticks());
        assertEquals(List.of("r"), Await.result(alarm(cluster, "a").names()));
    }

    @Test
    void unregisterStopsAReminderAndNamesListsWhatIsStored() {
        final TestCluster cluster = start(1);
        final Alarm a = alarm(cluster, "a");
        Await.result(a.remind("b", MINUTE, MINUTE));
        Await.result(a.remind("a", MINUTE, MINUTE));
        Await.result(alarm(cluster, "other").remind("c", MINUTE, MINUTE));
        assertEquals(List.of("a", "b"), Await.result(a.names()));
        cluster.advance(Duration.ofMinutes(1));
        Await.result(a.forget("a"));
        Await.result(a.forget("never-registered"));
        assertEquals(List.of("b"), Await.result(a.names()));
        assertEquals(2, ((InMemoryStorage)cluster.storage()).reminderCount());
        cluster.advance(Duration.ofMinutes(3));
        assertEquals(List.of(tick("a", "a", MINUTE), tick("a", "b", MINUTE), tick("other", "c", MINUTE),
            tick("a", "b", 2 * MINUTE), tick("other", "c", 2 * MINUTE), tick("a", "b", 3 * MINUTE),
            tick("other", "c", 3 * MINUTE), tick("a", "b", 4 * MINUTE), tick("other", "c", 4 * MINUTE)),
            ticks().stream().sorted(Comparator.comparingLong(ReminderTest::at).thenComparing(e -> e))
                .collect(Collectors.toList()));
        assertEquals(2, cluster.reminderCount(0));
    }

    private static long at(final String event) {
        return Long.parseLong(event.substring(event.indexOf('@') + 1));
    }

    @Test
    void aReminderCanUnregisterItselfFromItsTick() {
        final TestCluster cluster = start(1);
        Await.result(alarm(cluster, "a").remind("once", MINUTE, MINUTE));
        cluster.advance(Duration.ofMinutes(5));
        assertEquals(List.of(tick("a", "once", MINUTE)), ticks());
        assertEquals(List.of(), Await.result(alarm(cluster, "a").names()));
        assertEquals(0, cluster.reminderCount(0));
    }

    @Test
    void aScanThatReadBeforeAnUnregisterCommittedDoesNotBringTheReminderBack() {
        final TestCluster cluster = start(1);
        cluster.settle();
        Await.result(alarm(cluster, "a").remind("r", 5 * MINUTE, MINUTE));
        assertEquals(1, cluster.reminderCount(0));
        final InMemoryStorage.Gate gate = ((InMemoryStorage)cluster.storage()).hold(InMemoryStorage.Operation.REMINDER);
        cluster.advance(Duration.ofSeconds(90));
        assertEquals(1, gate.waiting(), "the periodic scan waits in the gate");

        final CompletableFuture<Void> forget = alarm(cluster, "a").forget("r");
        cluster.settle();
        assertEquals(2, gate.waiting(), "the delete waits behind the scan");
        assertEquals(0, cluster.reminderCount(0), "the reminder stops ticking at once");

        gate.runNext(); // the scan reads the row the delete has not removed yet
        cluster.settle();
        assertEquals(0, cluster.reminderCount(0), "the stale snapshot does not bring it back");
        assertFalse(forget.isDone());
        gate.runNext();
        Await.result(forget);
        gate.open();
        cluster.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), ticks());
        assertEquals(0, cluster.reminderCount(0));
    }

    @Test
    void aTickIsATurnAndWaitsForTheRunningOne() {
        final TestCluster cluster = start(1);
        Await.result(alarm(cluster, "a").remind("r", MINUTE, MINUTE));
        cluster.advance(Duration.ofSeconds(50));
        final CompletableFuture<Void> held = alarm(cluster, "a").hold("g"); // well within its 30 s call timeout
        cluster.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), ticks(), "the tick waits behind the running turn");
        Trace.open("g");
        Await.result(held);
        cluster.settle();
        final List<String> events = Trace.events();
        assertEquals(List.of("hold g", "release g", tick("a", "r", MINUTE)), events.subList(events.size() - 3, events.size()));
    }

    @Test
    void aStorageWithoutRemindersRefusesARegisterClearly() {
        final TestCluster cluster = start(TestCluster.builder().members(1).storage(new StatesOnlyStorage())
            .register(Alarm.class, AlarmGrain::new));
        final GrainException e = Await.failure(alarm(cluster, "a").remind("r", MINUTE, MINUTE), GrainException.class);
        assertEquals(UnsupportedOperationException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains(StatesOnlyStorage.class.getName() + " does not store reminders"), e.errorMessage());
        cluster.advance(Duration.ofMinutes(2)); // the member's scans fail the same way, logged once, and nothing ticks
        assertEquals(List.of(), ticks());
    }

    /** A provider written before reminders: it implements only the state and record operations. */
    private static final class StatesOnlyStorage implements Storage {
        private final InMemoryStorage delegate = new InMemoryStorage();

        @Override
        public CompletableFuture<StoredState> readState(final StateKey key) {
            return delegate.readState(key);
        }

        @Override
        public CompletableFuture<String> writeState(final StateKey key, final byte[] payload, final String etag) {
            return delegate.writeState(key, payload, etag);
        }

        @Override
        public CompletableFuture<Void> clearState(final StateKey key, final String etag) {
            return delegate.clearState(key, etag);
        }

        @Override
        public CompletableFuture<Void> upsert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
            return delegate.upsert(table, key, subkey, payload);
        }

        @Override
        public CompletableFuture<Void> insert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
            return delegate.insert(table, key, subkey, payload);
        }

        @Override
        public CompletableFuture<byte[]> get(final StoredType<?> table, final Object key, final Object subkey) {
            return delegate.get(table, key, subkey);
        }

        @Override
        public CompletableFuture<List<byte[]>> query(final StoredType<?> table, final Object key) {
            return delegate.query(table, key);
        }

        @Override
        public CompletableFuture<Integer> delete(final StoredType<?> table, final Object key, final Object subkey) {
            return delegate.delete(table, key, subkey);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void aReminderSurvivesDeactivationAndActivatesItsGrain() {
        final TestCluster cluster = start(TestCluster.builder().members(1)
            .register(Alarm.class, AlarmGrain::new, Duration.ofMinutes(2)));
        Await.result(alarm(cluster, "a").remind("r", 10 * MINUTE, 10 * MINUTE));
        cluster.advance(Duration.ofMinutes(5));
        assertEquals(0, cluster.activationCount());
        assertTrue(Trace.events().stream().anyMatch(e -> e.startsWith("deactivate a")), Trace.events().toString());
        cluster.advance(Duration.ofMinutes(5));
        final List<String> events = Trace.events();
        assertEquals(List.of("activate a @" + (t0 + 10 * MINUTE), tick("a", "r", 10 * MINUTE)),
            events.subList(events.size() - 2, events.size()));
        assertEquals(1, cluster.activationCount());
    }

    @Test
    void aReminderSurvivesACrashOfItsOwnerAndFiresOnTheNewOwner() {
        final TestCluster cluster = start(3);
        final GrainId id = GrainId.of("alarm", "a");
        final int owner = cluster.ownerOf(id);
        Await.result(alarm(cluster, "a").remind("r", 5 * MINUTE, 5 * MINUTE));
        assertEquals(1, cluster.reminderCount(owner));
        cluster.advance(Duration.ofMinutes(5));
        assertEquals(1, cluster.counters(owner).reminderTicks());

        cluster.kill(owner);
        final int next = cluster.ownerOf(id);
        assertNotEquals(owner, next);
        assertEquals(1, cluster.reminderCount(next));
        cluster.advance(Duration.ofMinutes(10));
        // the tick recorded before the crash is not fired again; the grid goes on
        assertEquals(List.of(tick("a", "r", 5 * MINUTE), tick("a", "r", 10 * MINUTE), tick("a", "r", 15 * MINUTE)), ticks());
        assertEquals(2, cluster.counters(next).reminderTicks());
    }

    @Test
    void aTickThatWasDeliveredButNotRecordedFiresAgainOnTheNewOwner() {
        final TestCluster cluster = start(3);
        final GrainId id = GrainId.of("alarm", "a");
        final int owner = cluster.ownerOf(id);
        Await.result(alarm(cluster, "a").remind("r", 90 * SECOND, 5 * MINUTE));
        cluster.advance(Duration.ofSeconds(89));
        ((InMemoryStorage)cluster.storage()).failNext(InMemoryStorage.Operation.REMINDER, 1,
            () -> new StorageException("database down"));
        cluster.advance(Duration.ofSeconds(1));
        assertEquals(List.of(tick("a", "r", 90 * SECOND)), ticks());

        cluster.kill(owner);
        // at least once: the new owner cannot know the tick was delivered, so it delivers it again, once
        assertEquals(List.of(tick("a", "r", 90 * SECOND), tick("a", "r", 90 * SECOND)), ticks());
        cluster.advance(Duration.ofMinutes(5));
        assertEquals(List.of(tick("a", "r", 90 * SECOND), tick("a", "r", 90 * SECOND), tick("a", "r", 390 * SECOND)), ticks());
        assertEquals(2, cluster.counters(cluster.ownerOf(id)).reminderTicks());
    }

    @Test
    void aReminderSurvivesAWholeNewClusterAndFiresOnceForTheTicksItMissed() {
        final InMemoryStorage storage = new InMemoryStorage();
        try {
            final TestCluster first = start(TestCluster.builder().members(2).storage(storage)
                .register(Alarm.class, AlarmGrain::new));
            final long start = t0;
            Await.result(alarm(first, "a").remind("r", 10 * MINUTE, 10 * MINUTE));
            first.advance(Duration.ofMinutes(10));
            assertEquals(List.of(tick("a", "r", 10 * MINUTE)), ticks());
            first.close();

            // the cluster was down for 35 minutes: the ticks due at 20, 30 and 40 were missed
            final TestCluster second = start(TestCluster.builder().members(3).storage(storage)
                .startMillis(start + 45 * MINUTE).register(Alarm.class, AlarmGrain::new));
            t0 = start;
            second.settle();
            second.advance(Duration.ofMillis(1));
            assertEquals(List.of(tick("a", "r", 10 * MINUTE), tick("a", "r", 45 * MINUTE)), ticks());
            second.advance(Duration.ofMinutes(10));
            assertEquals(List.of(tick("a", "r", 10 * MINUTE), tick("a", "r", 45 * MINUTE), tick("a", "r", 50 * MINUTE)), ticks());
        } finally {
            storage.close();
        }
    }

    @Test
    void remindersMoveWithTheirGrainsWhenAMemberJoins() {
        final TestCluster cluster = start(1);
        final int grains = 24;
        for (int i = 0; i < grains; i++) {
            Await.result(alarm(cluster, "g" + i).remind("r", MINUTE, MINUTE));
        }
        cluster.advance(Duration.ofMinutes(1));
        assertEquals(grains, cluster.counters(0).reminderTicks());
        assertEquals(grains, cluster.reminderCount(0));

        final int joined = cluster.addMember();
        int moved = 0;
        for (int i = 0; i < grains; i++) {
            if (cluster.ownerOf(GrainId.of("alarm", "g" + i)) == joined) {
                moved++;
            }
        }
        assertTrue(moved > 0 && moved < grains, "rendezvous moves some grains, not all: " + moved);
        assertEquals(grains - moved, cluster.reminderCount(0));
        assertEquals(moved, cluster.reminderCount(joined));
        cluster.advance(Duration.ofMinutes(1));
        assertEquals(moved, cluster.counters(joined).reminderTicks());
        assertEquals(2L * grains, ticksOf(cluster));
        assertEquals(2 * grains, ticks().size());
    }

    @Test
    void aFailingOnReminderIsCountedAndTheReminderKeepsTicking() {
        final TestCluster cluster = start(1);
        Await.result(alarm(cluster, "a").remind("r", MINUTE, MINUTE));
        AlarmGrain.FAIL_TICKS.set(1);
        cluster.advance(Duration.ofMinutes(2));
        assertEquals(List.of(tick("a", "r", MINUTE), tick("a", "r", 2 * MINUTE)), ticks());
        assertEquals(2, cluster.counters(0).reminderTicks());
        assertEquals(1, cluster.counters(0).reminderFailures());
    }

    @Test
    void aGrainThatIsNotRemindableCannotRegister() {
        final TestCluster cluster = start(TestCluster.builder().members(1).register(Alarm.class, ForgetfulAlarmGrain::new));
        final GrainException e = Await.failure(alarm(cluster, "a").remind("r", MINUTE, MINUTE), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("does not implement io.grain.runtime.Remindable"), e.errorMessage());
        assertEquals(0, ((InMemoryStorage)cluster.storage()).reminderCount());
    }

    @Test
    void aPeriodBelowTheMinimumOrABadNameIsRefusedAndNothingIsStored() {
        final TestCluster cluster = start(1);
        GrainException e = Await.failure(alarm(cluster, "a").remind("r", 0, 59 * SECOND), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("shorter than the minimum PT1M"), e.errorMessage());
        e = Await.failure(alarm(cluster, "a").remind("", 0, MINUTE), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        e = Await.failure(alarm(cluster, "a").remind("r", -1, MINUTE), GrainException.class);
        assertTrue(e.errorMessage().contains("must not be negative"), e.errorMessage());
        assertEquals(0, ((InMemoryStorage)cluster.storage()).reminderCount());
    }

    @Test
    void aSmallerMinimumPeriodCanBeConfigured() {
        final TestCluster cluster = start(TestCluster.builder().members(1).register(Alarm.class, AlarmGrain::new)
            .configure(c -> c.reminderMinimumPeriod(Duration.ofSeconds(1))));
        Await.result(alarm(cluster, "a").remind("r", 0, 2 * SECOND));
        cluster.advance(Duration.ofSeconds(5));
        assertEquals(List.of(tick("a", "r", 0), tick("a", "r", 2 * SECOND), tick("a", "r", 4 * SECOND)), ticks());
    }

    @Test
    void aFailedRegisterFailsTheCallAndStoresNothing() {
        final TestCluster cluster = start(1);
        cluster.settle(); // the member's first scan is done: the failure is the register's
        ((InMemoryStorage)cluster.storage()).failNext(InMemoryStorage.Operation.REMINDER, 1,
            () -> new StorageException("database down"));
        final GrainException e = Await.failure(alarm(cluster, "a").remind("r", MINUTE, MINUTE), GrainException.class);
        assertEquals(StorageException.class.getName(), e.errorType());
        cluster.advance(Duration.ofMinutes(3));
        assertEquals(List.of(), ticks());
        assertEquals(0, cluster.reminderCount(0));
    }
}
