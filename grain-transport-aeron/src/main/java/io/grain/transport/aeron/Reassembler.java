package io.grain.transport.aeron;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;

/**
 * Puts messages sent as runs of {@link Frames#TYPE_CHUNK} frames back together, one at a time per
 * sender. A sender's transport thread sends one chunked message after the other on one publication,
 * and Aeron keeps their order, so each chunk must continue its sender's partial message exactly
 * where it stopped, or start a new one at offset 0. Anything else (a gap, a changed total, a run
 * abandoned half way because the sender replaced its publication) drops the partial message, and
 * the caller counts it.
 *
 * <p>Bounds: a total is checked against the maximum message size before anything is allocated;
 * a partial message's buffer grows with the bytes that arrived (doubling, up to its total), not with
 * the total a chunk claims; and at most {@link #MAX_PARTIALS} senders have partial messages at once:
 * a new one past that replaces the partial message that has waited longest for its next chunk, so
 * a peer that holds the key but sends first chunks and never the rest holds at most that many
 * buffers, each as large as what it sent, and cannot keep others' messages out for good.
 *
 * <p>Thread ownership: the transport thread.
 */
final class Reassembler {
    /** Senders that may have a partial message at the same time. */
    static final int MAX_PARTIALS = 16;
    /** {@link #onChunk} result: the chunk was kept; the message is not complete yet. */
    static final int PARTIAL = 0;
    /** {@link #onChunk} result: the message is complete; {@link #takeComplete()} hands it over. */
    static final int COMPLETE = 1;
    /** {@link #onChunk} result: the chunk was refused ({@link #problem()} says why). */
    static final int REFUSED = 2;

    /** One sender's message in the making. */
    private static final class Partial {
        byte[] bytes;
        int total;
        int received;
        /** {@link #chunks} when its last chunk came: the smallest is the longest waiting. */
        long touched;
    }

    private final int maxMessageSize;
    private final int firstCapacity;
    private final Int2ObjectHashMap<Partial> partials = new Int2ObjectHashMap<>();
    private byte[] complete;
    private String problem;
    private long dropped;
    private long chunks;

    /**
     * @param maxMessageSize largest total a chunk may claim
     * @param chunkLength    largest chunk, so the first buffer holds a few of them
     */
    Reassembler(final int maxMessageSize, final int chunkLength) {
        this.maxMessageSize = maxMessageSize;
        this.firstCapacity = Math.min(maxMessageSize, 4 * chunkLength);
    }

    /**
     * Takes one chunk of {@code sender}'s message: {@code length} bytes at {@code offset} of {@code buffer}
     * belong at {@code chunkOffset} of a message of {@code total} bytes.
     */
    int onChunk(final int sender, final int total, final int chunkOffset, final DirectBuffer buffer, final int offset,
        final int length) {
        if (total < 1 || total > maxMessageSize) {
            return refuse(sender, "chunk of a message whose total length is out of range");
        }
        if (length < 1 || chunkOffset < 0 || chunkOffset > total - length) {
            return refuse(sender, "chunk outside its message");
        }
        Partial partial = partials.get(sender);
        if (chunkOffset == 0) {
            if (partial != null) {
                // the sender started over (e.g. on a new publication): the old run will never end
                dropped++;
            } else {
                if (partials.size() >= MAX_PARTIALS) {
                    evictLongestWaiting();
                }
                partial = new Partial();
                partials.put(sender, partial);
            }
            partial.total = total;
            partial.received = 0;
            if (partial.bytes == null || partial.bytes.length > total) {
                partial.bytes = new byte[Math.min(total, Math.max(firstCapacity, length))];
            }
        } else if (partial == null || partial.total != total || partial.received != chunkOffset) {
            return refuse(sender, "chunk out of sequence");
        }
        final int end = chunkOffset + length;
        if (end > partial.bytes.length) {
            partial.bytes = Arrays.copyOf(partial.bytes, (int)Math.min(total, Math.max(end, 2L * partial.bytes.length)));
        }
        buffer.getBytes(offset, partial.bytes, chunkOffset, length);
        partial.received = end;
        partial.touched = ++chunks;
        if (end < total) {
            return PARTIAL;
        }
        partials.remove(sender);
        complete = partial.bytes;
        return COMPLETE;
    }

    /** The message the last {@link #COMPLETE} finished; once. */
    byte[] takeComplete() {
        final byte[] message = complete;
        complete = null;
        return message;
    }

    /** Why the last chunk was {@link #REFUSED}. */
    String problem() {
        return problem;
    }

    /** Drops the partial message of {@code sender}, if any (its image went away). */
    void discard(final int sender) {
        if (partials.remove(sender) != null) {
            dropped++;
        }
    }

    /** Partial messages dropped so far (refused, abandoned or discarded). */
    long dropped() {
        return dropped;
    }

    /** Senders with a partial message now. */
    int partials() {
        return partials.size();
    }

    private void evictLongestWaiting() {
        int oldest = -1;
        long touched = Long.MAX_VALUE;
        final Int2ObjectHashMap<Partial>.EntryIterator entries = partials.entrySet().iterator();
        while (entries.hasNext()) {
            entries.next();
            if (entries.getValue().touched < touched) {
                touched = entries.getValue().touched;
                oldest = entries.getIntKey();
            }
        }
        discard(oldest);
    }

    private int refuse(final int sender, final String why) {
        problem = why;
        if (partials.remove(sender) != null) {
            dropped++;
        }
        return REFUSED;
    }
}
