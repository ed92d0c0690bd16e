package io.grain.runtime.it;

import io.grain.runtime.GrainMember;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Keeper;
import io.grain.runtime.grains.KeeperGrain;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.ObservedKind;
import io.grain.runtime.observe.ObservedMember;
import io.grain.runtime.observe.StorageOperation;
import io.grain.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a member reports to its observer: kinds and methods by index, calls, turns, activations, storage. */
class ObserverTest {
    /** Counts every report in arrays indexed as the member said at start. */
    static final class CountingObserver implements MemberObserver {
        volatile ObservedMember member;
        AtomicLongArray[] calls;
        AtomicLongArray[] failures;
        AtomicLongArray[] callNanos;
        AtomicLongArray turns;
        AtomicLongArray activated;
        AtomicLongArray deactivated;
        final AtomicLongArray storage = new AtomicLongArray(StorageOperation.values().length);
        final AtomicLong negativeDurations = new AtomicLong();

        @Override
        public void onStart(final ObservedMember member) {
            final int kinds = member.kinds().size();
            calls = new AtomicLongArray[kinds];
            failures = new AtomicLongArray[kinds];
            callNanos = new AtomicLongArray[kinds];
            for (final ObservedKind kind : member.kinds()) {
                calls[kind.index()] = new AtomicLongArray(kind.methods().size());
                failures[kind.index()] = new AtomicLongArray(kind.methods().size());
                callNanos[kind.index()] = new AtomicLongArray(kind.methods().size());
            }
            turns = new AtomicLongArray(kinds);
            activated = new AtomicLongArray(kinds);
            deactivated = new AtomicLongArray(kinds);
            this.member = member;
        }

        @Override
        public void onCall(final int kind, final int method, final long nanos, final boolean failed) {
            calls[kind].incrementAndGet(method);
            callNanos[kind].addAndGet(method, nanos);
            if (failed) {
                failures[kind].incrementAndGet(method);
            }
            if (nanos < 0) {
                negativeDurations.incrementAndGet();
            }
        }

        @Override
        public void onTurn(final int kind, final long nanos) {
            turns.incrementAndGet(kind);
            if (nanos < 0) {
                negativeDurations.incrementAndGet();
            }
        }

        @Override
        public void onActivated(final int kind) {
            activated.incrementAndGet(kind);
        }

        @Override
        public void onDeactivated(final int kind) {
            deactivated.incrementAndGet(kind);
        }

        @Override
        public void onStorage(final StorageOperation operation, final long nanos, final boolean failed) {
            storage.incrementAndGet(operation.ordinal());
        }

        int method(final String kind, final String name) {
            final ObservedKind k = member.kinds().stream().filter(x -> x.name().equals(kind)).findFirst().orElseThrow();
            final List<GrainMethod> methods = k.methods();
            for (int i = 0; i < methods.size(); i++) {
                if (methods.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new AssertionError(kind + " has no method " + name);
        }
    }

    @Test
    void theMemberReportsItsKindsOnceThenEveryCallTurnActivationAndStorageOperation() {
        final CountingObserver observer = new CountingObserver();
        final InMemoryStorage storage = new InMemoryStorage();
        final GrainMember member = GrainMember.builder().shards(2).storage(storage).observer(observer)
            .register(Counter.class, CounterGrain::new).register(Keeper.class, KeeperGrain::new).start();
        try {
            assertNotNull(observer.member, "onStart ran while the member was built");
            assertEquals(member.memberId(), observer.member.memberId());
            assertEquals(2, observer.member.shards());
            // the application's kinds in registration order, then the member's own services (pub/sub topics)
            assertEquals(List.of("counter", "keeper", "grain.topic", "grain.topic-inbox"),
                observer.member.kinds().stream().map(ObservedKind::name).collect(Collectors.toList()));
            assertEquals(List.of(0, 1, 2, 3), observer.member.kinds().stream().map(ObservedKind::index).collect(Collectors.toList()));
            // what the member queued at start (a reminder scan, its storage answers) drains: the gauge reads the live queue
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
            while (observer.member.queueDepth(1) != 0) {
                assertTrue(System.nanoTime() < deadline, "shard 1's queue never drained: " + observer.member.queueDepth(1));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }

            final Counter counter = member.grains().get(Counter.class, "c");
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, Await.result(counter.add(1)));
            }
            Await.failure(counter.fail("no"), Exception.class);
            assertEquals(1000 + 5, Await.result(member.grains().get(Keeper.class, "k").addRating(5)));

            final int add = observer.method("counter", "add");
            final int fail = observer.method("counter", "fail");
            final int addRating = observer.method("keeper", "addRating");
            assertEquals(3, observer.calls[0].get(add));
            assertEquals(0, observer.failures[0].get(add));
            assertEquals(1, observer.calls[0].get(fail));
            assertEquals(1, observer.failures[0].get(fail), "a call that failed is reported failed");
            assertEquals(1, observer.calls[1].get(addRating));
            assertEquals(0, observer.negativeDurations.get());
            assertTrue(observer.turns.get(0) >= 4, "each call's code is a turn: " + observer.turns);
            assertEquals(1, observer.activated.get(0));
            assertEquals(1, observer.activated.get(1));
            assertEquals(2, observer.storage.get(StorageOperation.READ_STATE.ordinal()), "the keeper loads its two states");
            assertEquals(1, observer.storage.get(StorageOperation.WRITE_STATE.ordinal()));
            assertTrue(member.health().ready(), "the storage check goes through the observed storage too");
            assertEquals(1, observer.storage.get(StorageOperation.CHECK.ordinal()));
        } finally {
            member.close();
            storage.close();
        }
        assertEquals(1, observer.deactivated.get(0), "closing deactivates the counter");
        assertEquals(1, observer.deactivated.get(1));
    }

    @Test
    void withoutAnObserverNothingIsWrappedOrMeasured() {
        final InMemoryStorage storage = new InMemoryStorage();
        try (GrainMember member = GrainMember.builder().shards(1).storage(storage).register(Counter.class, CounterGrain::new).start()) {
            assertEquals(1, Await.result(member.grains().get(Counter.class, "c").add(1)));
            assertEquals(1, member.counters().calls(), "the member's own counters count regardless");
        } finally {
            storage.close();
        }
    }
}
