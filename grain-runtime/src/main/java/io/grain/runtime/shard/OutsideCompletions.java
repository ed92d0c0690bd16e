package io.grain.runtime.shard;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Completes the futures of outside callers on the member's callback executor, never on the shard
 * thread, with pooled tasks: a task goes back to the pool as it starts, so the steady state
 * allocates none (a full pool lets extra tasks go to the garbage collector).
 *
 * <p>Thread ownership: {@link #complete} runs on the owning shard's thread (or on the thread that
 * fails calls once the shard stopped); tasks return from the executor's threads.
 */
final class OutsideCompletions {
    /** Idle completion tasks kept per shard. */
    static final int POOL_CAPACITY = 1024;

    private final ManyToOneConcurrentArrayQueue<Task> pool = new ManyToOneConcurrentArrayQueue<>(POOL_CAPACITY);
    private final Executor executor;

    OutsideCompletions(final Executor executor) {
        this.executor = executor;
    }

    /** Completes {@code future} with {@code error} if not null, else with {@code value}, on the executor. */
    void complete(final CompletableFuture<Object> future, final Object value, final Throwable error) {
        Task task = pool.poll();
        if (task == null) {
            task = new Task(pool);
        }
        task.future = future;
        task.value = value;
        task.error = error;
        executor.execute(task);
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
        private final ManyToOneConcurrentArrayQueue<Task> pool;
        CompletableFuture<Object> future;
        Object value;
        Throwable error;

        Task(final ManyToOneConcurrentArrayQueue<Task> pool) {
            this.pool = pool;
        }

        @Override
        public void run() {
            final CompletableFuture<Object> f = future;
            final Object v = value;
            final Throwable e = error;
            future = null;
            value = null;
            error = null;
            pool.offer(this);
            completeNow(f, v, e);
        }
    }
}
