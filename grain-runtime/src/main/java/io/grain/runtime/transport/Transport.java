package io.grain.runtime.transport;

import io.grain.runtime.MemberCounters;
import io.grain.runtime.membership.Membership;
import org.agrona.DirectBuffer;

/**
 * Moves encoded envelopes (see docs/DESIGN.md, "Envelope") between members. One endpoint per
 * member. {@link #send} may be called by any shard thread of the member concurrently;
 * {@link #poll} is called by one thread only (the member's shard 0).
 */
public interface Transport extends AutoCloseable {
    /** {@link #send} result: the message is on its way. */
    int SENT = 0;
    /** {@link #send} result: try again later; nothing was sent. */
    int BACK_PRESSURED = 1;
    /** {@link #send} result: no such member, or it is gone; the message is lost. */
    int NOT_CONNECTED = 2;
    /** {@link #send} result: this endpoint is closed. */
    int CLOSED = 3;
    /**
     * Default largest message (one encoded envelope) a transport carries: 16 MiB. A larger message
     * is refused at the sender with an {@link IllegalArgumentException} naming its size and the
     * maximum.
     */
    int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    /** The member this endpoint belongs to. */
    int memberId();

    /**
     * The membership this endpoint takes part in, so that a member or client can be given the
     * transport alone ({@code GrainMember.builder().transport(t)}); null when the transport has none
     * of its own (then name one: {@code transport(t, membership)}).
     */
    default Membership membership() {
        return null;
    }

    /**
     * True when this endpoint belongs to a member that hosts grains, false when it belongs to a
     * client that only calls them ({@code GrainClient}). A member refuses a client's transport and
     * a client a member's, since the other side places grains by what each endpoint announces.
     */
    default boolean hostsGrains() {
        return true;
    }

    /** Sends one message to {@code memberId}; returns one of the result constants. */
    int send(int memberId, DirectBuffer buffer, int offset, int length);

    /** Delivers up to {@code limit} received messages to {@code handler}; returns how many. */
    int poll(MessageHandler handler, int limit);

    /**
     * Gives the transport the counters of the member it serves, once, before the member starts, so
     * that it can publish them next to its own (the default ignores them).
     */
    default void runtimeCounters(MemberCounters counters) {
    }

    /** Stops sending and receiving; later sends return {@link #CLOSED}. */
    @Override
    void close();

    /** Receives one message; the buffer is valid only during the call. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(DirectBuffer buffer, int offset, int length);
    }
}
