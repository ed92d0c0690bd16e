package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.MemberState;
import org.agrona.DirectBuffer;

/**
 * The membership SPI of the Aeron transport: decides which members (and clients) are alive and
 * publishes {@link ClusterView}s. The default, {@link GossipMembership}, talks over the transport
 * itself; a provider backed by a table or a consensus log may ignore the control messages and poll
 * its store in {@link #doWork}.
 *
 * <p>Thread ownership: every method except {@link #view()} and {@link #close()} is called on the
 * transport's own thread (the one that owns the Aeron publications); {@link #view()} may be called
 * from any thread, so implementations publish views through a volatile field. A provider that does
 * blocking I/O (a database) does it on a thread of its own and hands results over to
 * {@link #doWork} and {@link #view()}, never blocking the transport thread.
 */
public interface MembershipProvider {
    /** Called once, before anything else, with this member's own record. */
    void start(MemberRecord self, ControlSender sender, long nowNs);

    /** Periodic work: heartbeats, timeouts, gossip. Returns the amount of work done (0 when idle). */
    int doWork(long nowNs);

    /**
     * A control frame's body from {@code senderId}, from the membership stream or (an introduction)
     * the data stream.
     *
     * @throws MalformedMessageException when the body cannot be decoded; the transport counts it
     */
    void onControlMessage(int senderId, DirectBuffer buffer, int offset, int length, long nowNs);

    /**
     * Encodes what a peer needs to know who this member is (the default: a heartbeat carrying this
     * member's record), so that a peer that has not heard of this member yet can answer its first
     * call. The transport offers it on the data stream ahead of the first data to a new peer (or a
     * new incarnation of one) and hands it to the peer's {@link #onControlMessage} like any other
     * control message. Returns its length; 0 for none.
     */
    int encodeIntroduction(org.agrona.MutableDirectBuffer buffer, int offset);

    /** Any frame from {@code memberId} arrived: proof of life. */
    void onActivity(int memberId, long nowNs);

    /** The Aeron image of {@code memberId}'s publication went away (its process or driver stopped sending). */
    void onImageLost(int memberId, long nowNs);

    /** Someone (the runtime, an operator) declares {@code memberId} dead. */
    void declareDead(int memberId, long nowNs);

    /**
     * This member's new key/value state: spread it so that every member's {@link #view()} shows it
     * in this member's record (a state whose version is not above the current one is ignored).
     * Called on the transport thread.
     *
     * @throws UnsupportedOperationException when the provider spreads no state (the default)
     */
    default void publishState(MemberState state, long nowNs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " spreads no member state");
    }

    /** Announce that this member leaves; later views show it as LEFT. */
    void leave(long nowNs);

    /** The latest view; any thread. */
    ClusterView view();

    /**
     * The transport stopped (closed after {@link #leave}, or killed without it): release what the
     * provider holds (threads, connections). Called once, by the thread that stops the transport,
     * after the transport thread has stopped, so no other method runs at the same time. The default
     * holds nothing.
     */
    default void close() {
    }
}
