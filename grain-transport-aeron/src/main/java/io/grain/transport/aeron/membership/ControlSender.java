package io.grain.transport.aeron.membership;

import org.agrona.DirectBuffer;

/**
 * How a {@link MembershipProvider} sends its own protocol messages through the transport. The
 * transport adds the frame header. Best effort: a message that cannot be sent right now (back
 * pressure, no connection yet) is dropped and {@code false} returned; the protocol must tolerate
 * loss. Called on the transport thread only.
 */
public interface ControlSender {
    /** Sends to a known member (by its record's endpoint or IPC stream). */
    boolean sendToMember(int memberId, DirectBuffer buffer, int offset, int length);

    /** Sends to a {@code host:port} whose member id is not known yet (a seed). */
    boolean sendToEndpoint(String endpoint, DirectBuffer buffer, int offset, int length);
}
