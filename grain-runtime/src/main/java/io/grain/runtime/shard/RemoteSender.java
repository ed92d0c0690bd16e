package io.grain.runtime.shard;

import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopeCodec;
import io.grain.runtime.transport.Transport;
import io.grain.runtime.wire.ProtoWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Sends a shard's envelopes to other members: encodes each into one reused buffer and hands it to
 * the transport. A back-pressured send waits, with everything sent after it, in a retry queue
 * (so order between a caller and a grain holds) that each duty cycle tries again; it never spins.
 * A request that cannot go fails its call at once; a reply the transport refuses (over its maximum
 * message size) becomes an error reply naming the limit.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class RemoteSender {
    /** An error reply the transport refuses is sent again with its message cut to this many chars. */
    static final int MAX_REFUSED_ERROR_CHARS = 1024;
    /** {@link #trySend} result: the transport threw {@link #refusal} (e.g. the message is too large). */
    private static final int REFUSED = -1;
    private static final Logger LOG = LoggerFactory.getLogger(RemoteSender.class);

    private final ShardAgent shard;
    private final Transport transport;
    private final ProtoWriter writer = new ProtoWriter(512);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final ArrayDeque<Envelope> retries = new ArrayDeque<>();
    private IllegalArgumentException refusal;

    RemoteSender(final ShardAgent shard) {
        this.shard = shard;
        this.transport = shard.member().config().transport();
    }

    /** Where {@code envelope} goes: a request to its target member, a reply to its caller. */
    private static int destination(final Envelope envelope) {
        return envelope.isRequest() ? envelope.targetMember : envelope.callerMember;
    }

    /** Sends {@code envelope} to {@link #destination}, or queues it behind earlier back-pressured sends. */
    void send(final Envelope envelope) {
        if (!retries.isEmpty()) {
            retries.add(envelope);
            return;
        }
        final int result = trySend(envelope);
        if (result == Transport.BACK_PRESSURED) {
            retries.add(envelope);
        } else {
            afterSend(envelope, result);
        }
    }

    /** Tries the queued sends again, in order, until one is back-pressured; returns how many went. */
    int retry() {
        int count = 0;
        Envelope envelope;
        while ((envelope = retries.peek()) != null) {
            final int result = trySend(envelope);
            if (result == Transport.BACK_PRESSURED) {
                break;
            }
            retries.poll();
            afterSend(envelope, result);
            count++;
        }
        return count;
    }

    private int trySend(final Envelope envelope) {
        writer.reset();
        EnvelopeCodec.encode(envelope, writer);
        buffer.wrap(writer.buffer(), 0, writer.position());
        try {
            return transport.send(destination(envelope), buffer, 0, writer.position());
        } catch (final IllegalArgumentException refused) {
            // e.g. larger than the transport's maximum message size: fail the call, not the shard
            refusal = refused;
            return REFUSED;
        }
    }

    private void afterSend(final Envelope envelope, final int result) {
        final int to = destination(envelope);
        if (result == REFUSED) {
            LOG.warn("transport refused a message to member {}: {}", to, refusal.getMessage());
            if (envelope.type == Envelope.REQUEST) {
                shard.inbound.replyError(envelope, refusal);
                return;
            }
            if (envelope.type == Envelope.REPLY) {
                // the caller gets an error naming the limit instead of waiting for its timeout
                shard.inbound.replyError(envelope, new IllegalArgumentException("the reply of " + envelope.method.signature()
                    + " on " + envelope.target + " could not be sent: " + refusal.getMessage()));
                return;
            }
            if (envelope.type == Envelope.ERROR && envelope.errorMessage != null
                && envelope.errorMessage.length() > MAX_REFUSED_ERROR_CHARS) {
                envelope.errorMessage = envelope.errorMessage.substring(0, MAX_REFUSED_ERROR_CHARS) + "... (truncated)";
                send(envelope);
                return;
            }
        }
        if (result == Transport.SENT || envelope.type != Envelope.REQUEST) {
            if (result != Transport.SENT) {
                LOG.debug("member {} unreachable; dropped {}", to, envelope);
            }
            shard.release(envelope);
            return;
        }
        shard.inbound.replyError(envelope, new GrainUnavailableException("member " + to
            + " is not reachable (it crashed or left) for a call to " + envelope.target));
    }
}
