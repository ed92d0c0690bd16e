package io.grain.runtime.transport;

import io.grain.runtime.membership.InJvmMembership;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Members in one JVM: each endpoint has a {@link ManyToOneRingBuffer} inbox, and members exchange
 * the same encoded envelope bytes they would send over the network. Also holds the
 * {@link InJvmMembership} of those members. Thread safe.
 */
public final class InJvmNetwork {
    /** Bytes of each endpoint's inbox (a power of two). */
    public static final int DEFAULT_INBOX_CAPACITY = 1 << 20;

    private final ConcurrentHashMap<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final InJvmMembership membership = new InJvmMembership();
    private final int inboxCapacity;
    private final java.util.concurrent.atomic.AtomicInteger nextMemberId = new java.util.concurrent.atomic.AtomicInteger();

    public InJvmNetwork() {
        this(DEFAULT_INBOX_CAPACITY);
    }

    public InJvmNetwork(final int inboxCapacity) {
        if (Integer.bitCount(inboxCapacity) != 1) {
            throw new IllegalArgumentException("inboxCapacity must be a power of two: " + inboxCapacity);
        }
        this.inboxCapacity = inboxCapacity;
    }

    public InJvmMembership membership() {
        return membership;
    }

    /** A member id not handed out before by this network (0, 1, 2, ...). */
    public int nextMemberId() {
        return nextMemberId.getAndIncrement();
    }

    /** Opens the endpoint of {@code memberId}. */
    public Transport open(final int memberId) {
        final Endpoint endpoint = new Endpoint(memberId, inboxCapacity);
        if (endpoints.putIfAbsent(memberId, endpoint) != null) {
            throw new IllegalStateException("member " + memberId + " already has an endpoint on this network");
        }
        return endpoint;
    }

    private final class Endpoint implements Transport {
        private final int memberId;
        private final ManyToOneRingBuffer inbox;
        private volatile boolean closed;
        private MessageHandler handler;
        private final org.agrona.concurrent.MessageHandler adapter = this::onMessage;

        Endpoint(final int memberId, final int capacity) {
            this.memberId = memberId;
            this.inbox = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        }

        @Override
        public int memberId() {
            return memberId;
        }

        @Override
        public int send(final int to, final DirectBuffer buffer, final int offset, final int length) {
            if (closed) {
                return CLOSED;
            }
            final Endpoint target = endpoints.get(to);
            if (target == null || target.closed) {
                return NOT_CONNECTED;
            }
            if (length > target.inbox.maxMsgLength()) {
                throw new IllegalArgumentException("message of " + length + " bytes exceeds the in-JVM maximum of "
                    + target.inbox.maxMsgLength());
            }
            return target.inbox.write(1, buffer, offset, length) ? SENT : BACK_PRESSURED;
        }

        @Override
        public int poll(final MessageHandler handler, final int limit) {
            if (closed) {
                return 0;
            }
            this.handler = handler;
            return inbox.read(adapter, limit);
        }

        private void onMessage(final int type, final org.agrona.MutableDirectBuffer buffer, final int offset, final int length) {
            handler.onMessage(buffer, offset, length);
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(memberId, this);
        }
    }
}
