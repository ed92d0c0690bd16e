package io.grain.transport.aeron;

import io.aeron.ExclusivePublication;
import io.grain.runtime.transport.MessageSlots;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * One remote member (or client) as the transport sees it: its channel and stream, a bounded
 * outbound queue that any thread may write, and the exclusive publications (data and membership)
 * that only the transport thread writes (one writer per publication).
 */
final class Peer {
    /** Large messages queued for one peer before its senders are back-pressured. */
    static final int LARGE_MESSAGE_SLOTS = 2;
    final int memberId;
    final long incarnation;
    final String channel;
    final int streamId;
    final int controlStreamId;
    final ManyToOneRingBuffer queue;
    /**
     * Messages larger than a frame, waiting to be sent; each has an index record in {@link #queue}
     * in its place. Any thread claims a slot, the transport thread takes it.
     */
    final MessageSlots largeMessages = new MessageSlots(LARGE_MESSAGE_SLOTS);
    /** Transport thread only: the large message being sent in chunks, or null. */
    byte[] chunking;
    /** Transport thread only: bytes of {@link #chunking} sent so far. */
    int chunked;
    /** Data publication; transport thread only. */
    ExclusivePublication publication;
    /** Membership publication; transport thread only. */
    ExclusivePublication controlPublication;
    /** Transport thread only: this member introduced itself on the publication, so data may follow. */
    boolean introduced;
    /** False once the peer is removed; senders then get NOT_CONNECTED. */
    volatile boolean open = true;

    Peer(final int memberId, final long incarnation, final String channel, final int streamId,
        final int controlStreamId, final int queueCapacity) {
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.channel = channel;
        this.streamId = streamId;
        this.controlStreamId = controlStreamId;
        this.queue = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(queueCapacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    String key() {
        return AeronTransport.publicationKey(channel, streamId);
    }

    String controlKey() {
        return AeronTransport.publicationKey(channel, controlStreamId);
    }

    @Override
    public String toString() {
        return "peer " + memberId + "#" + incarnation + " " + channel + " stream " + streamId;
    }
}
