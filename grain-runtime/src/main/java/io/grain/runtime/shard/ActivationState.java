package io.grain.runtime.shard;

import io.grain.storage.GrainState;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One declared state of an activation: the value in memory, the etag it was read or written at,
 * and its storage operations, one at a time in the order grain code asked for them. A write
 * encodes the value when it starts, so a write asked for while another is in flight waits for it
 * and then stores the newest value at the new etag; writes asked for while one already waits share
 * its future. A conflict fails the operation and deactivates the activation when it is idle.
 *
 * <p>Thread ownership: the activation's thread.
 */
final class ActivationState<T> implements GrainState<T> {
    private static final byte WRITE = 0;
    private static final byte CLEAR = 1;
    private static final byte READ = 2;

    final Activation activation;
    final StoredType<T> type;
    final StateKey key;
    private T value;
    private String etag;
    private boolean loaded;
    /** Counts {@link #set} calls, so a clear that completes does not drop a value set after it was asked for. */
    private long sets;
    private Operation running;
    private ArrayDeque<Operation> waiting;

    ActivationState(final Activation activation, final StoredType<T> type, final StateKey key) {
        this.activation = activation;
        this.type = type;
        this.key = key;
    }

    /** The load before activation read {@code stored} (null: nothing stored); decodes it on the shard. */
    void loaded(final StoredState stored) {
        if (stored != null) {
            value = activation.shard.storage.decode(this, stored);
            etag = stored.etag();
        }
        loaded = true;
    }

    @Override
    public T get() {
        checkLoaded("get");
        return value;
    }

    @Override
    public void set(final T value) {
        checkLoaded("set");
        this.value = Objects.requireNonNull(value, "a state value must not be null; clear() removes the state");
        sets++;
    }

    @Override
    public boolean exists() {
        checkLoaded("exists");
        return value != null;
    }

    @Override
    public String etag() {
        return etag;
    }

    @Override
    public CompletableFuture<Void> write() {
        return submit(WRITE, "write");
    }

    @Override
    public CompletableFuture<Void> clear() {
        return submit(CLEAR, "clear");
    }

    @Override
    public CompletableFuture<T> read() {
        return submit(READ, "read");
    }

    private void checkLoaded(final String what) {
        if (!loaded) {
            throw new IllegalStateException("GrainState." + what + "() of " + key + ": the state is loaded after the "
                + "constructor, before onActivate; use it from onActivate, calls and timers, and keep only the declaration in "
                + "the constructor");
        }
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> submit(final byte kind, final String what) {
        activation.shard.checkThread("GrainState." + what);
        checkLoaded(what);
        if (kind == WRITE && value == null && running == null) {
            throw new IllegalStateException("GrainState.write() of " + key + ": there is no value to write; set(...) one first"
                + " (clear() removes a stored state)");
        }
        if (kind == WRITE && waiting != null && !waiting.isEmpty() && waiting.peekLast().kind == WRITE) {
            return (CompletableFuture<R>)waiting.peekLast().future;
        }
        final Operation op = new Operation(kind, activation.shard.context.chain());
        if (running == null) {
            start(op);
        } else {
            if (waiting == null) {
                waiting = new ArrayDeque<>(2);
            }
            waiting.add(op);
        }
        return (CompletableFuture<R>)op.future;
    }

    private void start(final Operation op) {
        running = op;
        op.setsAtStart = sets;
        final ShardStorage shardStorage = activation.shard.storage;
        final CompletableFuture<?> io;
        switch (op.kind) {
            case WRITE:
                if (value == null) {
                    // an earlier clear or read in the queue left nothing to write
                    io = CompletableFuture.failedFuture(new IllegalStateException("GrainState.write() of " + key
                        + ": there is no value to write; it was cleared before this write started"));
                } else {
                    final String expected = etag;
                    io = ShardStorage.call(() -> shardStorage.requireStorage("GrainState.write")
                        .writeState(key, shardStorage.encode(type, value), expected));
                }
                break;
            case CLEAR:
                final String expected = etag;
                io = ShardStorage.call(() -> shardStorage.requireStorage("GrainState.clear").clearState(key, expected));
                break;
            default:
                io = ShardStorage.call(() -> shardStorage.requireStorage("GrainState.read").readState(key));
                break;
        }
        shardStorage.onShard(io, (result, error) -> done(op, result, error));
    }

    private void done(final Operation op, final Object result, final Throwable failure) {
        Throwable error = failure;
        Object outcome = null;
        if (error == null) {
            switch (op.kind) {
                case WRITE:
                    etag = (String)result;
                    break;
                case CLEAR:
                    etag = null;
                    if (sets == op.setsAtStart) {
                        value = null;
                    }
                    break;
                default:
                    final StoredState stored = (StoredState)result;
                    try {
                        value = stored == null ? null : activation.shard.storage.decode(this, stored);
                        etag = stored == null ? null : stored.etag();
                        outcome = value;
                    } catch (final RuntimeException e) {
                        error = e;
                    }
                    break;
            }
        }
        final boolean conflict = error instanceof StateConflictException;
        if (conflict) {
            // another activation wrote: this one must go, so that the next call loads what is stored now
            activation.deactivateRequested = true;
        }
        running = null;
        final Operation next = waiting == null ? null : waiting.poll();
        if (next != null) {
            start(next);
        }
        activation.shard.storage.complete(activation, op.chain, op.future, outcome, error);
        if (conflict && activation.running == 0) {
            activation.shard.lifecycle.deactivateWhenIdle(activation);
        }
    }

    @Override
    public String toString() {
        return "GrainState{" + key + ", etag=" + etag + "}";
    }

    /** A write, clear or read asked for by grain code. */
    private static final class Operation {
        final byte kind;
        final long chain;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        long setsAtStart;

        Operation(final byte kind, final long chain) {
            this.kind = kind;
            this.chain = chain;
        }
    }
}
