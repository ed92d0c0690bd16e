package io.grain.runtime.shard;

import io.grain.runtime.storage.StoredCodec;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.StorageException;
import io.grain.storage.Storage;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A shard's side of durable state: loads the declared states of a new activation (in parallel)
 * before its {@code onActivate}, brings every storage completion back through the shard's queue,
 * and completes the futures grain code sees on the activation's thread, in the call chain that
 * started the operation (so a call made in the continuation may re-enter the awaiting turn).
 * Storage I/O itself runs on the provider's threads, never here.
 *
 * <p>Thread ownership: the shard's thread; completions of the storage arrive on any thread and
 * only offer tasks.
 */
final class ShardStorage {
    /** A writer grown past this (a large state) is dropped after use rather than kept by the shard. */
    static final int MAX_RETAINED_WRITER_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ShardStorage.class);
    private static final byte[] NOTHING = new byte[0];

    private final ShardAgent shard;
    private final Storage storage;
    private final ProtoReader reader = new ProtoReader();
    private ProtoWriter writer = new ProtoWriter();

    ShardStorage(final ShardAgent shard) {
        this.shard = shard;
        this.storage = shard.member().config().storage();
    }

    /** The member's storage, or null. */
    Storage storage() {
        return storage;
    }

    /** The storage, or an IllegalStateException that says how to configure one. */
    Storage requireStorage(final String what) {
        if (storage == null) {
            throw new IllegalStateException(what + " needs a storage, and member " + shard.member().memberId()
                + " has none: configure one with GrainMember.builder().storage(...) (a TestCluster has an InMemoryStorage"
                + " unless configured otherwise)");
        }
        return storage;
    }

    /** The shard's writer, reset; encode and copy out before handing it to anyone else. */
    ProtoWriter writer() {
        if (writer.buffer().length > MAX_RETAINED_WRITER_BYTES) {
            writer = new ProtoWriter();
        }
        return writer.reset();
    }

    /** Encodes {@code value} on the shard thread. */
    <T> byte[] encode(final StoredType<T> type, final T value) {
        return StoredCodec.encode(type, value, writer());
    }

    /** Decodes a stored state on the shard thread; a payload that does not decode is a StorageException naming the state. */
    <T> T decode(final ActivationState<T> state, final StoredState stored) {
        try {
            return StoredCodec.decode(state.type, stored.payload(), reader, shard.invoker(), "state " + state.key);
        } finally {
            reader.wrap(NOTHING, 0, 0); // let go of the payload, which may be large
        }
    }

    // ---- loading ---------------------------------------------------------------------------------

    /** Reads every state {@code a} declared, all at once; then {@link ActivationLifecycle#statesLoaded}. */
    void load(final Activation a) {
        final ArrayList<ActivationState<?>> states = a.states;
        final Load load = new Load(a, states.size());
        for (int i = 0; i < states.size(); i++) {
            final ActivationState<?> state = states.get(i);
            onShard(call(() -> storage.readState(state.key)), (stored, error) -> loaded(load, state, (StoredState)stored, error));
        }
    }

    private void loaded(final Load load, final ActivationState<?> state, final StoredState stored, final Throwable error) {
        Throwable failure = error;
        if (failure == null) {
            try {
                state.loaded(stored);
            } catch (final RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null && load.failure == null) {
            load.failure = failure;
        }
        if (--load.remaining == 0) {
            shard.lifecycle.statesLoaded(load.activation, load.failure);
        }
    }

    // ---- completions -----------------------------------------------------------------------------

    /** Runs {@code operation}; a provider that throws instead of failing its future fails the future. */
    static <R> CompletableFuture<R> call(final Supplier<CompletableFuture<R>> operation) {
        try {
            final CompletableFuture<R> io = operation.get();
            if (io == null) {
                return CompletableFuture.failedFuture(new StorageException("the storage returned no future"));
            }
            return io;
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Hands the outcome of {@code io} to {@code done} on this shard, through its queue even when
     * {@code io} is complete already (so grain code never sees a completion inside its own call),
     * with the failure unwrapped.
     */
    void onShard(final CompletionStage<?> io, final BiConsumer<Object, Throwable> done) {
        io.whenComplete((value, error) -> shard.offerTask(s -> done.accept(value, error == null ? null : InboundCalls.unwrap(error))));
    }

    /** A future for grain code of {@code a} that completes like {@code io}, on this shard, in the calling code's chain. */
    <R> CompletableFuture<R> deliver(final Activation a, final CompletableFuture<R> io) {
        final CompletableFuture<R> result = new CompletableFuture<>();
        final long chain = shard.context.chain();
        onShard(io, (value, error) -> complete(a, chain, result, value, error));
        return result;
    }

    /** Completes {@code future} as code of {@code a} in {@code chain}, like a reply to a call that code made. */
    @SuppressWarnings("unchecked")
    <R> void complete(final Activation a, final long chain, final CompletableFuture<R> future, final Object value,
        final Throwable error) {
        final Turn awaiting = a.runningTurn(chain);
        final long start = shard.context.enter(a, chain, awaiting);
        try {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete((R)value);
            }
        } catch (final Throwable t) {
            LOG.error("a continuation of a storage operation of {} failed", a.id, t);
        } finally {
            shard.context.leaveContinuation(a, awaiting != null ? awaiting.method : null, start);
        }
    }

    /** The states of one activation being loaded: how many are still out, and the first failure. */
    private static final class Load {
        final Activation activation;
        int remaining;
        Throwable failure;

        Load(final Activation activation, final int remaining) {
            this.activation = activation;
            this.remaining = remaining;
        }
    }
}
