package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.dispatch.GrainMethod;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a grain call, as the runtime hands it to the caller of a generated client.
 *
 * <p>Blocking on it from a shard thread fails at once: a shard runs its grains' turns one after
 * another on one thread, so a turn that waits for a reply can wait forever (the reply, or the
 * callee itself, may need that very thread). {@link #join()} and {@link #get()} on a shard thread
 * while the call is not done throw {@link IllegalStateException} naming the call; a grain composes
 * the future instead ({@code thenApply}, {@code thenCompose}) and returns the composed stage.
 * Stages derived from this future ({@code thenApply} and the like) carry the same check. Only
 * the blocking methods pay for the check, never the call path.
 *
 * <p>A callback of an outside caller that blocks on such a future (a {@code thenAccept} that joins
 * another call) hands the completion of other callers' futures to another callback thread before it
 * waits, so they do not wait for it ({@link CallbackThreads}, managed blocking).
 *
 * <p>{@link #cancel} completes this future exceptionally with a {@link CancellationException}
 * (stages derived from it see that too). It does not reach the callee: a call already sent may
 * still run there, and its reply, when it comes, is dropped.
 *
 * <p>Thread ownership: as {@link CompletableFuture}; completed by the runtime on the caller's shard
 * (calls made by grains) or on the member's callback executor (calls made from outside threads;
 * by default its {@link CallbackThreads}).
 *
 * @param <T> the call's result type
 */
public final class GrainCallFuture<T> extends CompletableFuture<T> {
    private final GrainId target;
    private final GrainMethod method;

    /**
     * @param target the called grain, named in the error of a blocking wait on a shard thread
     * @param method the called method, likewise; may be null when not known in this process
     */
    public GrainCallFuture(final GrainId target, final GrainMethod method) {
        this.target = target;
        this.method = method;
    }

    @Override
    public T join() {
        beforeBlocking("joined");
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        beforeBlocking("waited on with get()");
        return super.get();
    }

    @Override
    public T get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
        beforeBlocking("waited on with get(timeout)");
        return super.get(timeout, unit);
    }

    /**
     * Completes this future exceptionally with a {@link CancellationException} if it is not done
     * yet. The call itself is not withdrawn: if it was sent, the callee may still run it, and its
     * reply is dropped when it arrives.
     *
     * @param mayInterruptIfRunning ignored, as for every {@link CompletableFuture}
     * @return true if this future is now cancelled
     */
    @Override
    public boolean cancel(final boolean mayInterruptIfRunning) {
        return super.cancel(mayInterruptIfRunning);
    }

    /** Derived stages carry the same target and method, and so the same check. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new GrainCallFuture<>(target, method);
    }

    /**
     * Before a wait that may block: refuses a shard thread; on a callback thread inside a callback,
     * hands the completion of other callers' futures to another callback thread for the time this
     * one waits ({@link CallbackThreads#beforeBlocking()}).
     */
    private void beforeBlocking(final String how) {
        if (isDone()) {
            return;
        }
        if (ShardAgent.current() != null) {
            throw new IllegalStateException("grain call " + target + "." + (method == null ? "?" : method.name())
                + " " + how + " on shard thread " + Thread.currentThread().getName()
                + ": compose it (thenApply/thenCompose) instead of blocking the shard");
        }
        CallbackThreads.beforeBlocking();
    }
}
