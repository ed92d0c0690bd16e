package io.grain.runtime.shard;

import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.callback.CompletionRing;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Completes the futures of outside callers, never on the shard thread (unless the callback
 * executor the member was given runs tasks where they are handed over, e.g. {@code Runnable::run}).
 *
 * <p>With {@link CallbackThreads} (the default) a completion is three stores into this shard's
 * {@link CompletionRing}, and {@link #publish()}, once per duty cycle, wakes the completion thread
 * if it parked: a hand-off per batch, no allocation. A full ring (every callback thread blocked in a
 * callback) spills into an overflow that later duty cycles move into the ring, in order: the shard
 * never waits for a callback.
 *
 * <p>With any other executor each completion is a task handed to it, taken from a pool: a task goes
 * back to the pool as it starts, so the steady state allocates none (a full pool lets extra tasks go
 * to the garbage collector).
 *
 * <p>Thread ownership: {@link #complete} and {@link #publish} run on the owning shard's thread (or,
 * once the shard stopped, on the thread that fails its calls, which then calls
 * {@link #publishAfterStop}); pooled tasks return from the executor's threads.
 */
final class OutsideCompletions {
    /** Idle completion tasks kept per shard (executors other than {@link CallbackThreads}). */
    static final int POOL_CAPACITY = 1024;

    private final Executor executor;
    private final CallbackThreads threads;
    private final CompletionRing ring;
    private final ArrayDeque<Task> overflow;
    private final ManyToOneConcurrentArrayQueue<Task> pool;
    private boolean published;
    private boolean stopped;

    OutsideCompletions(final Executor executor) {
        this.executor = executor;
        if (executor instanceof CallbackThreads) {
            threads = (CallbackThreads)executor;
            ring = threads.newRing();
            overflow = new ArrayDeque<>();
            pool = null;
        } else {
            threads = null;
            ring = null;
            overflow = null;
            pool = new ManyToOneConcurrentArrayQueue<>(POOL_CAPACITY);
        }
    }

    /** Completes {@code future} with {@code error} if not null, else with {@code value}, off the shard. */
    void complete(final CompletableFuture<Object> future, final Object value, final Throwable error) {
        if (ring != null) {
            if (stopped) {
                // the ring is retired: a completion made after the stop (rare) goes as a task
                threads.execute(new Task(null, future, value, error));
            } else if (overflow.isEmpty() && ring.offer(future, value, error)) {
                published = true;
            } else {
                overflow.add(new Task(null, future, value, error));
            }
            return;
        }
        Task task = pool.poll();
        if (task == null) {
            task = new Task(pool, null, null, null);
        }
        task.future = future;
        task.value = value;
        task.error = error;
        executor.execute(task);
    }

    /**
     * End of a duty cycle: moves what overflowed into the ring while there is room, and wakes the
     * completion thread if anything was published since the last call.
     *
     * @return completions moved out of the overflow
     */
    int publish() {
        if (ring == null || stopped) {
            return 0;
        }
        int moved = 0;
        Task task;
        while ((task = overflow.peek()) != null && ring.offer(task.future, task.value, task.error)) {
            overflow.poll();
            moved++;
        }
        if (published || moved > 0) {
            published = false;
            threads.signal();
        }
        return moved;
    }

    /**
     * The shard no longer runs: publishes what is left; what the ring has no room for is handed to
     * the callback threads as tasks. The ring is then retired, and later completions (if the
     * shard's code still runs) go to the callback threads as tasks.
     */
    void publishAfterStop() {
        if (ring == null || stopped) {
            return;
        }
        publish();
        stopped = true;
        Task task;
        while ((task = overflow.poll()) != null) {
            threads.execute(task);
        }
        ring.retire();
        threads.signal();
    }

    /** Completes {@code future} here and now. */
    static void completeNow(final CompletableFuture<Object> future, final Object value, final Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(value);
        }
    }

    /** One completion; its fields are published by the executor's hand-over. */
    private static final class Task implements Runnable {
        /** Where the task returns as it starts; null for an overflow task (not pooled). */
        private final ManyToOneConcurrentArrayQueue<Task> pool;
        CompletableFuture<Object> future;
        Object value;
        Throwable error;

        Task(final ManyToOneConcurrentArrayQueue<Task> pool, final CompletableFuture<Object> future, final Object value,
            final Throwable error) {
            this.pool = pool;
            this.future = future;
            this.value = value;
            this.error = error;
        }

        @Override
        public void run() {
            final CompletableFuture<Object> f = future;
            final Object v = value;
            final Throwable e = error;
            future = null;
            value = null;
            error = null;
            if (pool != null) {
                pool.offer(this);
            }
            completeNow(f, v, e);
        }
    }
}
