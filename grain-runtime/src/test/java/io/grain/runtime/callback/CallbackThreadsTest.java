package io.grain.runtime.callback;

import io.grain.runtime.GrainId;
import io.grain.runtime.shard.GrainCallFuture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link CallbackThreads}: completions drained in order on one thread, a callback
 * that blocks hands the role on (bounded), callbacks that throw do not stop it, no lost wake-ups,
 * and close. The test thread is the producer of each ring, as a shard would be.
 */
class CallbackThreadsTest {
    private static final long BOUND_SECONDS = 20;

    @Test
    void completionsRunInOrderOnOneThreadWithoutAThreadPerCall() throws Exception {
        // the watchdog is off: a thread descheduled for long on a busy machine must not start a second one here
        try (CallbackThreads threads = new CallbackThreads("order-", CallbackThreads.DEFAULT_MAX_THREADS, Long.MAX_VALUE)) {
            final CompletionRing ring = threads.newRing();
            final int n = 20_000;
            final Set<String> names = ConcurrentHashMap.newKeySet();
            final ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
            final List<CompletableFuture<Void>> stages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final CompletableFuture<Integer> f = new CompletableFuture<>();
                stages.add(f.thenAccept(v -> {
                    names.add(Thread.currentThread().getName());
                    order.add(v);
                }));
                offer(ring, f, i, null);
                if (i % 100 == 99) {
                    threads.signal();
                }
            }
            threads.signal();
            CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])).get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.iterator().next().startsWith("order-"), names.toString());
            int expected = 0;
            for (final int v : order) {
                assertEquals(expected++, v);
            }
            assertEquals(n, expected);
            assertEquals(1, threads.threadCount());
        }
    }

    @Test
    void aCallbackBlockedOnALatchDoesNotHoldBackTheOthers() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("latch-")) {
            final CompletionRing ring = threads.newRing();
            final CountDownLatch release = new CountDownLatch(1);
            final CompletableFuture<Void> firstStage = blockTheHolder(threads, ring, release);
            // the watchdog sees the holder stuck and another thread drains the rest
            final List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                final CompletableFuture<Integer> f = new CompletableFuture<>();
                others.add(f.thenApply(v -> v + 1));
                offer(ring, f, i, null);
            }
            threads.signal();
            for (int i = 0; i < others.size(); i++) {
                assertEquals(i + 2, others.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS));
            }
            assertFalse(firstStage.isDone());
            assertEquals(2, threads.threadCount());
            release.countDown();
            firstStage.get(BOUND_SECONDS, TimeUnit.SECONDS);
            // the thread that blocked came back as the spare: completions still flow
            final CompletableFuture<Integer> after = new CompletableFuture<>();
            offer(ring, after, 7, null);
            threads.signal();
            assertEquals(7, after.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(threads.threadCount() <= 2, "threads: " + threads.threadCount());
        }
    }

    @Test
    void idleThreadsWakeNobodyAndABlockedCallbackIsStillTakenOverAfterwards() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("rest-")) {
            // idle: the holder parks, and the watchdog rests without a timeout instead of looking every 10 ms
            waitFor(() -> parked("rest-") && state("rest-watchdog") == Thread.State.WAITING, "the watchdog rests");
            final CompletionRing ring = threads.newRing();
            final CountDownLatch release = new CountDownLatch(1);
            final CompletableFuture<Void> firstStage = blockTheHolder(threads, ring, release);
            // the holder woke the watchdog, which sees it stuck: another thread drains the next completion
            final CompletableFuture<Integer> second = new CompletableFuture<>();
            final CompletableFuture<Integer> secondStage = second.thenApply(v -> v + 1);
            offer(ring, second, 1, null);
            threads.signal();
            assertEquals(2, secondStage.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertFalse(firstStage.isDone());
            release.countDown();
            firstStage.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeEndsTheSpareThreadToo() throws Exception {
        final CallbackThreads threads = new CallbackThreads("spare-");
        final CompletionRing ring = threads.newRing();
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<Void> firstStage = blockTheHolder(threads, ring, release);
        // another thread takes the role; the blocked one, released, becomes the spare
        waitFor(() -> threads.threadCount() == 2, "a second drainer");
        release.countDown();
        firstStage.get(BOUND_SECONDS, TimeUnit.SECONDS);
        threads.close();
        waitFor(() -> threads.threadCount() == 0, "every drainer ended after close");
    }

    @Test
    void aCallbackJoiningAGrainCallHandsTheRoleOnBeforeItWaits() throws Exception {
        // the watchdog is off: only the hand-over in GrainCallFuture.join can let the inner call complete
        try (CallbackThreads threads = new CallbackThreads("join-", 4, Long.MAX_VALUE)) {
            final CompletionRing ring = threads.newRing();
            for (int round = 0; round < 3; round++) {
                final CompletableFuture<Integer> outer = new CompletableFuture<>();
                final GrainCallFuture<Integer> inner = new GrainCallFuture<>(GrainId.of("counter", "inner"), null);
                final CompletableFuture<Integer> stage = outer.thenApply(v -> v + inner.join());
                offer(ring, outer, 40, null);
                offer(ring, inner, 2, null);
                threads.signal();
                assertEquals(42, stage.get(BOUND_SECONDS, TimeUnit.SECONDS));
            }
            // the thread that joined became the spare, and is reused: no thread per blocking join
            assertTrue(threads.threadCount() <= 2, "threads: " + threads.threadCount());
        }
    }

    @Test
    void manyShortBlocksHandTheRoleOnWithoutLosingOrRepeatingACompletion() throws Exception {
        // a watchdog looking every 200 us and callbacks that wait ~1 ms now and then: the role moves often,
        // and a thread whose callback returns races with the hand-over of its role
        try (CallbackThreads threads = new CallbackThreads("churn-", 4, TimeUnit.MICROSECONDS.toNanos(200))) {
            final CompletionRing ring = threads.newRing();
            final int n = 5_000;
            final AtomicInteger[] runs = new AtomicInteger[n];
            final List<CompletableFuture<Void>> stages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                runs[i] = new AtomicInteger();
                final AtomicInteger count = runs[i];
                final boolean blocks = i % 7 == 0;
                final CompletableFuture<Integer> f = new CompletableFuture<>();
                stages.add(f.thenAccept(v -> {
                    count.incrementAndGet();
                    if (blocks) {
                        // the workload: a callback that waits a little (parked, so the watchdog takes it for blocked)
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                }));
                offer(ring, f, i, null);
                if (i % 50 == 49) {
                    threads.signal();
                }
            }
            threads.signal();
            CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])).get(BOUND_SECONDS, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs[i].get(), "callback " + i);
            }
            assertTrue(threads.threadCount() <= 4, "threads: " + threads.threadCount());
        }
    }

    @Test
    void atTheBoundCompletionsWaitUntilABlockedCallbackReturns() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("bound-", 2)) {
            final CompletionRing ring = threads.newRing();
            final CountDownLatch blocked = new CountDownLatch(2);
            final CountDownLatch release0 = new CountDownLatch(1);
            final CountDownLatch release1 = new CountDownLatch(1);
            final CompletableFuture<Integer> f0 = new CompletableFuture<>();
            final CompletableFuture<Void> s0 = f0.thenAccept(v -> awaitQuietly(blocked, release0));
            final CompletableFuture<Integer> f1 = new CompletableFuture<>();
            final CompletableFuture<Void> s1 = f1.thenAccept(v -> awaitQuietly(blocked, release1));
            offer(ring, f0, 0, null);
            offer(ring, f1, 1, null);
            threads.signal();
            assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS));
            // both allowed threads are inside blocked callbacks: nobody may take the role now
            waitFor(threads::saturated, "no holder once both threads block");
            final CompletableFuture<Integer> f2 = new CompletableFuture<>();
            offer(ring, f2, 2, null);
            threads.signal();
            assertFalse(f2.isDone());
            assertEquals(2, threads.threadCount());
            release0.countDown();
            assertEquals(2, f2.get(BOUND_SECONDS, TimeUnit.SECONDS));
            s0.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertFalse(s1.isDone());
            release1.countDown();
            s1.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertTrue(threads.threadCount() <= 2, "threads: " + threads.threadCount());
        }
    }

    @Test
    void aCallbackThatThrowsFailsItsStageAndTheThreadGoesOn() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("throw-", CallbackThreads.DEFAULT_MAX_THREADS, Long.MAX_VALUE)) {
            final CompletionRing ring = threads.newRing();
            final AtomicReference<String> thread = new AtomicReference<>();
            final CompletableFuture<Integer> f0 = new CompletableFuture<>();
            final IllegalStateException thrown = new IllegalStateException("callback failed");
            final CompletableFuture<Void> s0 = f0.thenAccept(v -> {
                thread.set(Thread.currentThread().getName());
                throw thrown;
            });
            offer(ring, f0, 0, null);
            threads.signal();
            final ExecutionException e = assertThrows(ExecutionException.class, () -> s0.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertSame(thrown, e.getCause());
            // a task that throws (not a future's stage) is logged; the next ones run on the same thread
            final CountDownLatch ran = new CountDownLatch(1);
            final AtomicReference<String> taskThread = new AtomicReference<>();
            threads.execute(() -> {
                throw new IllegalStateException("task failed");
            });
            threads.execute(() -> {
                taskThread.set(Thread.currentThread().getName());
                ran.countDown();
            });
            assertTrue(ran.await(BOUND_SECONDS, TimeUnit.SECONDS));
            final CompletableFuture<Integer> f1 = new CompletableFuture<>();
            final CompletableFuture<String> s1 = f1.thenApply(v -> Thread.currentThread().getName());
            offer(ring, f1, 1, null);
            threads.signal();
            assertEquals(thread.get(), s1.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(thread.get(), taskThread.get());
            assertEquals(1, threads.threadCount());
        }
    }

    @Test
    void errorsCompleteFuturesExceptionallyEachWithItsOwnException() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("error-")) {
            final CompletionRing ring = threads.newRing();
            final CompletableFuture<Integer> a = new CompletableFuture<>();
            final CompletableFuture<Integer> b = new CompletableFuture<>();
            final TimeoutException ea = new TimeoutException("a");
            final TimeoutException eb = new TimeoutException("b");
            offer(ring, a, null, ea);
            offer(ring, b, null, eb);
            threads.signal();
            assertSame(ea, assertThrows(ExecutionException.class, () -> a.get(BOUND_SECONDS, TimeUnit.SECONDS)).getCause());
            assertSame(eb, assertThrows(ExecutionException.class, () -> b.get(BOUND_SECONDS, TimeUnit.SECONDS)).getCause());
        }
    }

    @Test
    void aThreadJoiningIsWokenWhenTheHolderHadParked() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("park-")) {
            final CompletionRing ring = threads.newRing();
            for (int i = 0; i < 2_000; i++) {
                if (i % 100 == 0) {
                    // now and then make sure the holder parked, so the signal must wake it
                    waitFor(() -> parked("park-"), "the holder parks when idle");
                }
                final CompletableFuture<Integer> f = new CompletableFuture<>();
                offer(ring, f, i, null);
                threads.signal();
                assertEquals(i, f.get(BOUND_SECONDS, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void closeRunsWhatWasHandedOverAndLaterWorkRunsOnTheCaller() throws Exception {
        final CallbackThreads threads = new CallbackThreads("close-");
        final CompletionRing ring = threads.newRing();
        final List<CompletableFuture<Integer>> before = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            final CompletableFuture<Integer> f = new CompletableFuture<>();
            before.add(f);
            offer(ring, f, i, null);
        }
        threads.signal();
        threads.close();
        for (int i = 0; i < before.size(); i++) {
            assertEquals(i, before.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS));
        }
        waitFor(() -> threads.threadCount() == 0, "the threads end after close");
        final AtomicReference<String> ranOn = new AtomicReference<>();
        threads.execute(() -> ranOn.set(Thread.currentThread().getName()));
        assertEquals(Thread.currentThread().getName(), ranOn.get());
        final CompletableFuture<Integer> late = new CompletableFuture<>();
        offer(ring, late, 5, null);
        threads.signal();
        assertTrue(late.isDone());
        assertEquals(5, late.get());
        threads.close();
    }

    @Test
    void aRetiredRingLeavesOnceDrained() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("retire-")) {
            final CompletionRing ring = threads.newRing();
            final CompletableFuture<Integer> f = new CompletableFuture<>();
            offer(ring, f, 3, null);
            ring.retire();
            threads.signal();
            assertEquals(3, f.get(BOUND_SECONDS, TimeUnit.SECONDS));
            waitFor(() -> threads.ringCount() == 0, "the retired ring leaves");
        }
    }

    @Test
    void aFullRingRefusesAnOfferAndTakesOneOnceASlotIsFreed() {
        final CompletionRing ring = new CompletionRing(8);
        final List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final CompletableFuture<Integer> f = new CompletableFuture<>();
            futures.add(f);
            assertTrue(ring.offer(f, i, null));
        }
        assertFalse(ring.offer(new CompletableFuture<>(), 8, null));
        assertEquals(8, ring.publishedTail());
        assertSame(futures.get(0), ring.future(0));
        assertEquals(0, ring.value(0));
        ring.clear(0);
        ring.consumerHead = 1;
        ring.releaseConsumed();
        final CompletableFuture<Integer> ninth = new CompletableFuture<>();
        assertTrue(ring.offer(ninth, 8, null));
        assertSame(ninth, ring.future(8));
        assertThrows(IllegalArgumentException.class, () -> new CompletionRing(6));
        assertThrows(IllegalArgumentException.class, () -> new CallbackThreads("x-", 0));
    }

    @Test
    void manyThreadsJoiningTheirOwnCallsAreAllWoken() throws Exception {
        try (CallbackThreads threads = new CallbackThreads("many-")) {
            // one producer (as a shard) completes what four threads, each joining its calls one by one, wait for
            final int callers = 4;
            final int calls = 2_000;
            final ConcurrentLinkedQueue<CompletableFuture<String>> handedIn = new ConcurrentLinkedQueue<>();
            final AtomicInteger joined = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> joiners = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                final Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < calls; i++) {
                            final CompletableFuture<String> f = new CompletableFuture<>();
                            handedIn.add(f);
                            assertEquals("done!", f.thenApply(v -> v + "!").join());
                            joined.incrementAndGet();
                        }
                    } catch (final Throwable ex) {
                        failure.compareAndSet(null, ex);
                    }
                }, "joiner-" + c);
                t.setDaemon(true);
                joiners.add(t);
                t.start();
            }
            final CompletionRing ring = threads.newRing();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (joined.get() < callers * calls && failure.get() == null && System.nanoTime() < deadline) {
                final CompletableFuture<String> f = handedIn.poll();
                if (f == null) {
                    Thread.onSpinWait();
                    continue;
                }
                offer(ring, f, "done", null);
                threads.signal();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertEquals(callers * calls, joined.get(), "a joining thread was not woken");
            for (final Thread t : joiners) {
                t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            }
        }
    }

    private static void offer(final CompletionRing ring, final CompletableFuture<?> f, final Object value, final Throwable error) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!ring.offer(f, value, error)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ring stayed full");
            }
            Thread.yield();
        }
    }

    /**
     * Hands {@code threads} a completion whose callback blocks until {@code release}, and returns once
     * the holder runs it; returns that callback's stage.
     */
    private static CompletableFuture<Void> blockTheHolder(final CallbackThreads threads, final CompletionRing ring,
        final CountDownLatch release) throws InterruptedException {
        final CountDownLatch blocked = new CountDownLatch(1);
        final CompletableFuture<Integer> first = new CompletableFuture<>();
        final CompletableFuture<Void> firstStage = first.thenAccept(v -> awaitQuietly(blocked, release));
        offer(ring, first, 0, null);
        threads.signal();
        assertTrue(blocked.await(BOUND_SECONDS, TimeUnit.SECONDS), "the callback ran");
        return firstStage;
    }

    private static void awaitQuietly(final CountDownLatch blocked, final CountDownLatch release) {
        blocked.countDown();
        try {
            // bounded only so a broken run ends
            release.await(10 * BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean parked(final String prefix) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && !t.getName().endsWith("watchdog") && t.getState() == Thread.State.WAITING) {
                return true;
            }
        }
        return false;
    }

    private static Thread.State state(final String name) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getState();
            }
        }
        return null;
    }

    private static void waitFor(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within the bound: " + what);
            }
            Thread.yield();
        }
    }
}
