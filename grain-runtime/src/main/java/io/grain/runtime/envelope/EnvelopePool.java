package io.grain.runtime.envelope;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Envelopes for reuse, shared by the shards and outside threads of one member. Acquiring from an
 * empty pool allocates; releasing into a full pool drops the envelope. Thread safe.
 */
public final class EnvelopePool {
    /** How many idle envelopes a pool keeps by default. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final ManyToManyConcurrentArrayQueue<Envelope> free;

    public EnvelopePool(final int capacity) {
        free = new ManyToManyConcurrentArrayQueue<>(capacity);
    }

    public Envelope acquire() {
        final Envelope envelope = free.poll();
        return envelope != null ? envelope : new Envelope();
    }

    public void release(final Envelope envelope) {
        envelope.clear();
        free.offer(envelope);
    }
}
