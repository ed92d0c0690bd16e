package io.grain.runtime.callback;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * The completions one shard hands to its member's {@link CallbackThreads}: a single-producer,
 * single-consumer ring of (future, value, error) triples in one array, so a completion costs the
 * producer three plain stores and an ordered store, and allocates nothing.
 *
 * <p>Thread ownership: {@link #offer} and {@link #retire} are called by the thread that drives the
 * shard (its runner or invoker thread; once the shard no longer runs, the thread that fails its
 * calls). The consumer side is called only by the drainer that holds the drain role of the
 * {@link CallbackThreads} that made this ring (after they closed, by whoever holds their lock); the
 * role passes between drainers through volatile writes and CASes, so the consumer's plain fields
 * move with it.
 */
public final class CompletionRing {
    /** Completions a ring holds; the shard keeps the rest in an overflow of its own until there is room. */
    public static final int DEFAULT_CAPACITY = 4096;

    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per cache line: the producer's and the consumer's sequences never share one. */
    private static final int LINE = 8;
    private static final int TAIL = LINE;
    private static final int HEAD = 2 * LINE;

    private final Object[] slots;
    private final int mask;
    private final int capacity;
    /** [TAIL]: next slot the producer publishes; [HEAD]: next slot the consumer frees; padded apart. */
    private final long[] sequences = new long[3 * LINE];

    // producer's own
    private long producerTail;
    private long headCache;

    // consumer's own (moves with the drain role)
    long consumerHead;

    private volatile boolean retired;

    /** @param capacity completions held at once, a power of two */
    CompletionRing(final int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slots = new Object[capacity * 3];
    }

    /**
     * Publishes one completion: {@code future} completes with {@code error} if not null, else with
     * {@code value}. Producer only.
     *
     * @return false when the ring is full (nothing was written)
     */
    public boolean offer(final CompletableFuture<?> future, final Object value, final Throwable error) {
        final long tail = producerTail;
        if (tail - headCache >= capacity) {
            headCache = (long)SEQUENCES.getAcquire(sequences, HEAD);
            if (tail - headCache >= capacity) {
                return false;
            }
        }
        final int i = (int)(tail & mask) * 3;
        slots[i] = future;
        slots[i + 1] = value;
        slots[i + 2] = error;
        producerTail = tail + 1;
        SEQUENCES.setRelease(sequences, TAIL, tail + 1);
        return true;
    }

    /**
     * Says the producer is done for good (its shard stopped): once drained, the ring leaves its
     * {@link CallbackThreads}. Producer only, after its last {@link #offer}.
     */
    public void retire() {
        retired = true;
    }

    boolean isRetired() {
        return retired;
    }

    /** Whether a published completion waits. Consumer only. */
    boolean hasWork() {
        return (long)SEQUENCES.getAcquire(sequences, TAIL) != consumerHead;
    }

    /** The published end of the ring, read once per batch. Consumer only. */
    long publishedTail() {
        return (long)SEQUENCES.getAcquire(sequences, TAIL);
    }

    /** The future in the slot of {@code sequence}. Consumer only. */
    Object future(final long sequence) {
        return slots[(int)(sequence & mask) * 3];
    }

    /** The value in the slot of {@code sequence}. Consumer only. */
    Object value(final long sequence) {
        return slots[(int)(sequence & mask) * 3 + 1];
    }

    /** The error in the slot of {@code sequence}, or null. Consumer only. */
    Throwable error(final long sequence) {
        return (Throwable)slots[(int)(sequence & mask) * 3 + 2];
    }

    /** Clears the slot of {@code sequence}, taken already. Consumer only. */
    void clear(final long sequence) {
        final int i = (int)(sequence & mask) * 3;
        slots[i] = null;
        slots[i + 1] = null;
        slots[i + 2] = null;
    }

    /** Gives the slots up to {@link #consumerHead} back to the producer. Consumer only. */
    void releaseConsumed() {
        SEQUENCES.setRelease(sequences, HEAD, consumerHead);
    }
}
