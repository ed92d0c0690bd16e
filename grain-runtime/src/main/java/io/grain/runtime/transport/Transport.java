package io.grain.runtime.transport;

import io.grain.runtime.IdleProfile;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.membership.Membership;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.function.BooleanSupplier;

/**
 * Moves encoded envelopes (see docs/DESIGN.md, "Envelope") between members. One endpoint per
 * member. {@link #send} may be called by any shard thread of the member concurrently.
 *
 * <p>Received messages reach the member one of two ways. A transport with a duty cycle of its own
 * (Aeron's) takes a {@link MessageReceiver} ({@link #deliverTo}) and hands it each message on that
 * duty cycle's thread, straight from its receive buffer: the receiver puts a request on its target
 * shard's queue and a reply on its caller's shard's queue, so no shard relays for another. A
 * transport without one ({@code InJvmNetwork}) is {@link #poll}ed by one thread only (the member's
 * shard 0), which routes in the same way.
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
     * Asks the transport to hand every message it receives from now on to {@code receiver}, on the
     * thread that runs its duty cycle, instead of queuing it for {@link #poll}. Called once, before
     * the member's shards run. Returns false when the transport cannot (it has no duty cycle of its
     * own; the default): then the member polls it.
     */
    default boolean deliverTo(final MessageReceiver receiver) {
        return false;
    }

    /**
     * Hands the transport's duty cycle to the caller, who runs it from now on (a member with one
     * shard runs it on the shard's thread, in one composite agent, so a call crosses no thread
     * inside the member). The transport stops the thread it ran on before returning. Null (the
     * default) when the transport has no duty cycle to hand over. Called at most once, before the
     * member's shards run; the agent's {@code onClose} does nothing: {@link #close()} still closes
     * the transport, and drives the duty cycle itself while it announces the leave.
     */
    default Agent takeDutyCycle() {
        return null;
    }

    /**
     * The idle profile of the member this transport serves, for the transport's own threads (its
     * duty cycle, an embedded media driver); {@code callsOutstanding} tells, from any thread, whether
     * the member waits for replies. Called once when the member starts; the default ignores it.
     */
    default void idleProfile(final IdleProfile profile, final BooleanSupplier callsOutstanding) {
    }

    /**
     * Gives the transport the counters of the member it serves, once, before the member starts, so
     * that it can publish them next to its own (the default ignores them).
     */
    default void runtimeCounters(MemberCounters counters) {
    }

    /** Stops sending and receiving; later sends return {@link #CLOSED}. */
    @Override
    void close();

    /**
     * Takes one received message on the transport's duty-cycle thread; the buffer is valid only
     * during the call. Returns false when it cannot take the message now (a shard's queue is full):
     * the transport keeps it and offers it again later, in order, and pushes back on its sender.
     */
    @FunctionalInterface
    interface MessageReceiver {
        boolean onMessage(DirectBuffer buffer, int offset, int length);
    }

    /** Receives one message; the buffer is valid only during the call. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(DirectBuffer buffer, int offset, int length);
    }
}
