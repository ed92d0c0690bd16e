package io.grain.runtime.envelope;

/**
 * One shard's envelopes for reuse: a plain stack owned by the shard's thread, so a call begun on a
 * shard and its reply, released on that shard, cost no concurrent queue operation. Replies refill
 * it. Acquiring from an empty stack takes from the member's shared {@link EnvelopePool} (which
 * allocates when it is empty too); releasing into a full stack gives the envelope to the shared
 * pool, where outside callers find it.
 *
 * <p>Thread ownership: the shard's thread only.
 */
public final class ShardEnvelopePool {
    /** How many idle envelopes a shard keeps by default. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final EnvelopePool shared;
    private final Envelope[] free;
    private int count;

    public ShardEnvelopePool(final EnvelopePool shared, final int capacity) {
        this.shared = shared;
        this.free = new Envelope[capacity];
    }

    public Envelope acquire() {
        if (count == 0) {
            return shared.acquire();
        }
        final Envelope envelope = free[--count];
        free[count] = null;
        return envelope;
    }

    public void release(final Envelope envelope) {
        if (count == free.length) {
            shared.release(envelope);
            return;
        }
        envelope.clear();
        free[count++] = envelope;
    }

    /** Envelopes held now (for tests). */
    public int size() {
        return count;
    }
}
