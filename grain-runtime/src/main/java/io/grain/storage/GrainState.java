package io.grain.storage;

import java.util.concurrent.CompletableFuture;

/**
 * A grain's durable state, Orleans-style: loaded before the activation's first call (and before
 * {@code onActivate}), changed in memory with {@link #set}, and stored only when the grain calls
 * {@link #write()}.
 *
 * <p>Writes are conditional on the {@link #etag()}: when another activation of the same grain wrote
 * in between, {@link #write()} fails with {@link StateConflictException} and this activation is
 * deactivated, so the next call loads fresh state.
 *
 * <p>Writes, clears and reads of one state run one at a time, in the order asked for: a
 * {@code write()} asked for while another is in flight waits for it and then stores the newest
 * value at the new etag (writes asked for meanwhile share its future). Nothing is stored unless the
 * grain calls {@code write()}.
 *
 * <p>Thread ownership: the activation's thread. The futures returned here complete on the
 * activation's thread, so code after {@code write()} may touch grain state. Using the state before
 * it is loaded (in the grain's constructor) throws {@link IllegalStateException}.
 *
 * @param <T> a {@code @Stored} record without a key
 */
public interface GrainState<T> {
    /** The state as last loaded, set or written; {@code null} when {@link #exists()} is false. */
    T get();

    /** Replaces the state in memory (not null: {@link #clear()} removes it); nothing is stored until {@link #write()}. */
    void set(T value);

    /** Whether a stored (or set) value exists. */
    boolean exists();

    /** The version of the stored value this activation last read or wrote; {@code null} if none. */
    String etag();

    /**
     * Stores the current value, conditional on {@link #etag()}. Completes once the write is durable;
     * fails with {@link StateConflictException} when the stored version moved on.
     *
     * @throws IllegalStateException when there is no value to write.
     */
    CompletableFuture<Void> write();

    /** Removes the stored value, conditional on {@link #etag()}; afterwards {@link #exists()} is false. */
    CompletableFuture<Void> clear();

    /** Reads the stored value again, replacing what is in memory. */
    CompletableFuture<T> read();
}
