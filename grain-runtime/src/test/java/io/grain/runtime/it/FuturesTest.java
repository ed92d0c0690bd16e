package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainMember;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where futures complete. A grain's calls: on its own shard. An outside caller's: on the member's
 * callback threads ({@link CallbackThreads}), in batches on one thread, never a thread per call;
 * a callback that blocks hands the other callers' completions to another thread, and never
 * stalls a shard.
 */
class FuturesTest {
    @Test
    void aBlockingCallbackOfAnOutsideCallerDoesNotStallTheShardsNorOtherCallers() throws Exception {
        try (TestCluster cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new).start()) {
            assertBlockingCallbackHarmless(cluster.grains().get(Counter.class, "a"), cluster.grains().get(Counter.class, "b"),
                "grain-test-cluster");
        }
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            assertBlockingCallbackHarmless(member.grains().get(Counter.class, "a"), member.grains().get(Counter.class, "b"),
                "grain-shard-");
        }
    }

    private static void assertBlockingCallbackHarmless(final Counter a, final Counter b, final String shardThreadPrefix)
        throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        final String[] callbackThread = new String[1];
        final AtomicInteger adds = new AtomicInteger();
        final CompletableFuture<Void> first = blockingCallback(() -> a.add(1), adds, callbackThread, blocked, release);
        assertTrue(blocked.await(Await.BOUND_SECONDS, TimeUnit.SECONDS));
        assertFalse(callbackThread[0].startsWith(shardThreadPrefix), callbackThread[0]);
        // while that callback blocks, both grains (whatever shard they are on) keep answering, to this
        // thread joining and to another thread's callbacks
        final AtomicReference<String> otherCallbacks = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            final List<CompletableFuture<Integer>> stages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                stages.add(b.get().thenApply(v -> {
                    otherCallbacks.set(Thread.currentThread().getName());
                    return v;
                }));
            }
            stages.forEach(Await::result);
        }, "other-caller");
        other.start();
        for (int i = 0; i < 100; i++) {
            Await.result(a.add(1));
            Await.result(b.add(1));
        }
        other.join(TimeUnit.SECONDS.toMillis(Await.BOUND_SECONDS));
        assertFalse(other.isAlive());
        assertFalse(otherCallbacks.get().startsWith(shardThreadPrefix), otherCallbacks.get());
        assertFalse(first.isDone());
        release.countDown();
        Await.result(first);
        assertEquals(adds.get() + 100, Await.result(a.get()));
    }

    @Test
    void callbacksOfOutsideCallersRunOnOneThreadNotAThreadPerCall() {
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            final Set<String> threads = ConcurrentHashMap.newKeySet();
            final List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                calls.add(member.grains().get(Counter.class, "k" + (i % 50)).add(1).thenApply(v -> {
                    threads.add(Thread.currentThread().getName());
                    return v;
                }));
            }
            calls.forEach(Await::result);
            // a call already done when its callback is attached runs it on the attaching thread (CompletableFuture)
            threads.remove(Thread.currentThread().getName());
            assertFalse(threads.isEmpty());
            // one thread drains every shard's completions; a second only if the first was taken for blocked
            // (it never blocks here, but a busy machine may deschedule it for long)
            assertTrue(threads.size() <= 2, threads.toString());
            for (final String t : threads) {
                assertTrue(t.startsWith("grain-callback-"), t);
            }
        }
    }

    @Test
    void aCallbackJoiningAnotherCallCompletes() {
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            final Counter a = member.grains().get(Counter.class, "a");
            final Counter b = member.grains().get(Counter.class, "b");
            for (int i = 1; i <= 20; i++) {
                // the callback waits for a completion that the callback threads themselves must run
                final CompletableFuture<Integer> joinedInCallback = a.add(1).thenApply(v -> b.add(1).join());
                assertEquals(i, (int)Await.result(joinedInCallback));
            }
        }
    }

    @Test
    void whenEveryCallbackThreadBlocksTheShardsStillServeAndNothingIsLost() throws Exception {
        final int calls = 6_000;   // more than a shard's completion ring holds: the rest waits in its overflow
        try (CallbackThreads callbacks = new CallbackThreads("bounded-callback-", 2);
             GrainMember member = GrainMember.builder().shards(1).callbackExecutor(callbacks)
                 .register(Counter.class, CounterGrain::new).start()) {
            final Counter a = member.grains().get(Counter.class, "a");
            final CountDownLatch blocked = new CountDownLatch(2);
            final CountDownLatch release = new CountDownLatch(1);
            final AtomicInteger adds = new AtomicInteger();
            final String[] thread = new String[1];
            final CompletableFuture<Void> first = blockingCallback(() -> a.add(1), adds, thread, blocked, release);
            final CompletableFuture<Void> second = blockingCallback(() -> a.add(1), adds, thread, blocked, release);
            assertTrue(blocked.await(Await.BOUND_SECONDS, TimeUnit.SECONDS));
            final long servedBefore = member.counters().get(MemberCounters.CALLS);
            final List<CompletableFuture<Integer>> later = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                later.add(a.add(1));
            }
            // the shard serves every call although no completion can run now
            waitFor(() -> member.counters().get(MemberCounters.CALLS) >= servedBefore + calls, "the shard serves the calls");
            assertEquals(2, callbacks.threadCount());
            release.countDown();
            Await.result(first);
            Await.result(second);
            for (int i = 0; i < calls; i++) {
                assertEquals(adds.get() + i + 1, Await.result(later.get(i)), "completed in order, with its own value");
            }
        }
    }

    @Test
    void aCallbackThatThrowsFailsItsOwnStageOnly() {
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            final Counter a = member.grains().get(Counter.class, "a");
            final IllegalStateException thrown = new IllegalStateException("callback failed");
            final CompletableFuture<Integer> failing = a.add(1).thenApply(v -> {
                throw thrown;
            });
            final CompletionException e = assertThrows(CompletionException.class, failing::join);
            assertSame(thrown, e.getCause());
            for (int i = 2; i <= 50; i++) {
                assertEquals(i, Await.result(a.add(1)));
            }
        }
    }

    @Test
    void eachFailedCallGetsItsOwnException() throws Exception {
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            final CompletableFuture<Void> a = member.grains().get(Counter.class, "a").fail("one");
            final CompletableFuture<Void> b = member.grains().get(Counter.class, "b").fail("one");
            final ExecutionException ea = assertThrows(ExecutionException.class, () -> a.get(Await.BOUND_SECONDS, TimeUnit.SECONDS));
            final ExecutionException eb = assertThrows(ExecutionException.class, () -> b.get(Await.BOUND_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(GrainException.class, ea.getCause());
            assertInstanceOf(GrainException.class, eb.getCause());
            assertFalse(ea.getCause() == eb.getCause(), "a cached exception shared between callers");
        }
    }

    @Test
    void threadsJoiningTheirCallsOneByOneAreAllWoken() throws Exception {
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            final int callers = 4;
            final int calls = 500;
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                final Counter counter = member.grains().get(Counter.class, "joined" + c);
                final Thread t = new Thread(() -> {
                    try {
                        for (int i = 1; i <= calls; i++) {
                            // join, not a bounded get: a lost wake-up shows as this thread never ending
                            assertEquals(i, counter.add(1).join());
                        }
                    } catch (final Throwable ex) {
                        failure.compareAndSet(null, ex);
                    }
                }, "joiner-" + c);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (final Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(Await.BOUND_SECONDS));
                assertFalse(t.isAlive(), t.getName() + " still waits: a lost wake-up");
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void aGrainsAwaitedCallsCompleteOnItsOwnShardThread() {
        try (GrainMember member = GrainMember.builder().shards(4).register(Counter.class, CounterGrain::new).start()) {
            for (int i = 0; i < 20; i++) {
                final String threads = Await.result(member.grains().get(Counter.class, "caller" + i).threadsAcross("callee" + i));
                final String[] parts = threads.split("\\|");
                assertTrue(parts[0].startsWith("grain-shard-"), threads);
                assertEquals(parts[0], parts[1], "continuation ran on the caller's shard");
            }
        }
    }

    /**
     * A callback that blocks on {@code release}, attached to a call made by {@code call}, on a
     * callback thread. A call already done when its callback is attached runs the callback on this
     * thread ({@code CompletableFuture}), which must not block: then it calls again.
     *
     * @param calls counts every call made
     */
    private static CompletableFuture<Void> blockingCallback(final Supplier<CompletableFuture<Integer>> call,
        final AtomicInteger calls, final String[] thread, final CountDownLatch blocked, final CountDownLatch release) {
        final Thread caller = Thread.currentThread();
        while (true) {
            calls.incrementAndGet();
            final AtomicBoolean ranHere = new AtomicBoolean();
            final CompletableFuture<Void> stage = call.get().thenAccept(v -> {
                if (Thread.currentThread() == caller) {
                    ranHere.set(true);
                    return;
                }
                thread[0] = Thread.currentThread().getName();
                awaitRelease(blocked, release);
            });
            if (!ranHere.get()) {
                return stage;
            }
        }
    }

    private static void awaitRelease(final CountDownLatch blocked, final CountDownLatch release) {
        blocked.countDown();
        try {
            // bounded only so a broken run ends; the test releases it as soon as its calls are done,
            // which on a loaded machine may take longer than one call's bound
            release.await(10 * Await.BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within the bound: " + what);
            }
            Thread.yield();
        }
    }
}
