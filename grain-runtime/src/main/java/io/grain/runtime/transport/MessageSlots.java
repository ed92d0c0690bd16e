package io.grain.runtime.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few slots that each hold one message too large for a transport's ring buffer, handed from the
 * threads that produce such messages to the one thread that consumes them. A producer
 * {@link #claim claims} a free slot for its copy and writes the slot's index into the ring buffer
 * as a small record in the message's place, so large messages keep their order with the small ones
 * around them; the consumer {@link #take takes} the message when it reaches that record. The
 * number of slots bounds the memory that large messages waiting to be consumed can hold: when every
 * slot is taken, the producer is back-pressured.
 *
 * <p>Thread safety: {@link #claim} and {@link #free} from any thread; {@link #take} from the one
 * consumer of the index records.
 */
public final class MessageSlots {
    /** {@link #claim} result: every slot is taken. */
    public static final int FULL = -1;

    private final AtomicReferenceArray<byte[]> slots;

    public MessageSlots(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        this.slots = new AtomicReferenceArray<>(count);
    }

    /** Puts {@code message} in a free slot; returns the slot's index, or {@link #FULL}. */
    public int claim(final byte[] message) {
        for (int i = 0, n = slots.length(); i < n; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, message)) {
                return i;
            }
        }
        return FULL;
    }

    /**
     * The message in slot {@code index}, which becomes free again; null when {@code index} is out of
     * range or the slot is empty (so a corrupt index record cannot throw in the consumer).
     */
    public byte[] take(final int index) {
        if (index < 0 || index >= slots.length()) {
            return null;
        }
        return slots.getAndSet(index, null);
    }

    /** Empties slot {@code index} without reading it (a producer whose index record could not be written). */
    public void free(final int index) {
        slots.set(index, null);
    }

    /** Number of slots. */
    public int capacity() {
        return slots.length();
    }
}
