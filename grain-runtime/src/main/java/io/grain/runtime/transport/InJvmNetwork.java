package io.grain.runtime.transport;

import io.grain.runtime.membership.InJvmMembership;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Members in one JVM: each endpoint has a {@link ManyToOneRingBuffer} inbox, and members exchange
 * the same encoded envelope bytes they would send over the network. Also holds the
 * {@link InJvmMembership} of those members. Thread safe.
 *
 * <p>A message up to the inbox's own limit (an eighth of its capacity) is copied into the inbox.
 * A larger one, up to {@link #maxMessageSize()}, is copied into one of the receiver's
 * {@link #LARGE_MESSAGE_SLOTS} {@link MessageSlots}, and only the slot's index goes through the
 * inbox, so it keeps its place among the small messages; when all slots are taken the sender is
 * back-pressured, which bounds what large messages can hold.
 */
public final class InJvmNetwork {
    /** Bytes of each endpoint's inbox (a power of two). */
    public static final int DEFAULT_INBOX_CAPACITY = 1 << 20;
    /** Large messages each endpoint holds before its senders are back-pressured. */
    public static final int LARGE_MESSAGE_SLOTS = 4;
    private static final int SMALL = 1;
    private static final int LARGE = 2;
    private static final byte[] EMPTY = new byte[0];

    private final ConcurrentHashMap<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final InJvmMembership membership = new InJvmMembership();
    private final int inboxCapacity;
    private final int maxMessageSize;
    private final AtomicInteger nextMemberId = new AtomicInteger();

    public InJvmNetwork() {
        this(DEFAULT_INBOX_CAPACITY);
    }

    public InJvmNetwork(final int inboxCapacity) {
        this(inboxCapacity, Transport.DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * @param inboxCapacity  bytes of each endpoint's inbox, a power of two
     * @param maxMessageSize largest message {@code send} accepts, in bytes (default
     *                       {@link Transport#DEFAULT_MAX_MESSAGE_SIZE})
     */
    public InJvmNetwork(final int inboxCapacity, final int maxMessageSize) {
        if (Integer.bitCount(inboxCapacity) != 1) {
            throw new IllegalArgumentException("inboxCapacity must be a power of two: " + inboxCapacity);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        this.inboxCapacity = inboxCapacity;
        this.maxMessageSize = maxMessageSize;
    }

    public InJvmMembership membership() {
        return membership;
    }

    /** The largest message an endpoint of this network sends, in bytes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** A member id not handed out before by this network (0, 1, 2, ...). */
    public int nextMemberId() {
        return nextMemberId.getAndIncrement();
    }

    /** Opens the endpoint of member {@code memberId}, which hosts grains once it joins the membership. */
    public Transport open(final int memberId) {
        return open(memberId, true);
    }

    /**
     * Opens the endpoint of a client ({@code GrainClient}) with id {@code memberId}: it calls grains
     * and receives their replies, and never joins the membership.
     */
    public Transport openClient(final int memberId) {
        return open(memberId, false);
    }

    private Transport open(final int memberId, final boolean hostsGrains) {
        final Endpoint endpoint = new Endpoint(memberId, inboxCapacity, hostsGrains);
        if (endpoints.putIfAbsent(memberId, endpoint) != null) {
            throw new IllegalStateException("member " + memberId + " already has an endpoint on this network");
        }
        return endpoint;
    }

    /** One member's endpoint: {@code send} from any thread, {@code poll} from one. */
    private final class Endpoint implements Transport {
        private final int memberId;
        private final boolean hostsGrains;
        private final ManyToOneRingBuffer inbox;
        private final int inboxMaxMessage;
        private final MessageSlots largeMessages = new MessageSlots(LARGE_MESSAGE_SLOTS);
        /** Poller only: wraps a large message while the handler reads it. */
        private final UnsafeBuffer largeView = new UnsafeBuffer(new byte[0]);
        private volatile boolean closed;
        private MessageHandler handler;
        private final org.agrona.concurrent.MessageHandler adapter = this::onMessage;

        Endpoint(final int memberId, final int capacity, final boolean hostsGrains) {
            this.memberId = memberId;
            this.hostsGrains = hostsGrains;
            this.inbox = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
            this.inboxMaxMessage = inbox.maxMsgLength();
        }

        @Override
        public int memberId() {
            return memberId;
        }

        @Override
        public InJvmMembership membership() {
            return membership;
        }

        @Override
        public boolean hostsGrains() {
            return hostsGrains;
        }

        @Override
        public String toString() {
            return "in-JVM endpoint of " + (hostsGrains ? "member " : "client ") + memberId;
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
            if (length > target.inboxMaxMessage) {
                return target.receiveLarge(to, buffer, offset, length);
            }
            return target.inbox.write(SMALL, buffer, offset, length) ? SENT : BACK_PRESSURED;
        }

        /** A message over the inbox's limit: copied into a slot whose index goes through the inbox. */
        private int receiveLarge(final int to, final DirectBuffer buffer, final int offset, final int length) {
            if (length > maxMessageSize) {
                throw new IllegalArgumentException("message of " + length + " bytes to member " + to
                    + " exceeds the maximum message size of " + maxMessageSize + " bytes (InJvmNetwork maxMessageSize)");
            }
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            final int slot = largeMessages.claim(copy);
            if (slot == MessageSlots.FULL) {
                return BACK_PRESSURED;
            }
            final UnsafeBuffer index = new UnsafeBuffer(new byte[Integer.BYTES]);
            index.putInt(0, slot);
            if (!inbox.write(LARGE, index, 0, Integer.BYTES)) {
                largeMessages.free(slot);
                return BACK_PRESSURED;
            }
            return SENT;
        }

        @Override
        public int poll(final MessageHandler handler, final int limit) {
            if (closed) {
                return 0;
            }
            this.handler = handler;
            return inbox.read(adapter, limit);
        }

        private void onMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length) {
            if (type == LARGE) {
                final byte[] message = largeMessages.take(buffer.getInt(offset));
                largeView.wrap(message);
                try {
                    handler.onMessage(largeView, 0, message.length);
                } finally {
                    largeView.wrap(EMPTY);
                }
                return;
            }
            handler.onMessage(buffer, offset, length);
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(memberId, this);
        }
    }
}
