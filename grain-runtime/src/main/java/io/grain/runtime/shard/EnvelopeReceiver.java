package io.grain.runtime.shard;

import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopeCodec;
import io.grain.runtime.envelope.GrainIdCache;
import io.grain.runtime.transport.Transport;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.WireFormatException;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives from other members: decodes each message into a pooled envelope (targets through a
 * {@link GrainIdCache}) and hands a request to the shard of its grain, a reply to the shard of its
 * caller. Bad bytes are dropped, with at most one warning per {@link #WARN_INTERVAL_NS} (anyone who
 * can reach the transport could otherwise flood the log); the shard keeps serving. A request that
 * names this member as its caller must name one of its shards, or its reply would have nowhere to go.
 *
 * <p>Thread ownership: the thread of the shard that polls the transport (shard 0).
 */
final class EnvelopeReceiver implements Transport.MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeReceiver.class);
    /** Least time between two warnings about dropped messages. */
    static final long WARN_INTERVAL_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final ShardAgent shard;
    private final MemberRuntime member;
    private final ProtoReader reader = new ProtoReader();
    private final GrainIdCache ids = new GrainIdCache(GrainIdCache.DEFAULT_SLOTS);
    private byte[] scratch = new byte[512];
    private long lastWarnNs;
    private long unreported;

    EnvelopeReceiver(final ShardAgent shard) {
        this.shard = shard;
        this.member = shard.member();
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        final Envelope envelope = member.pool().acquire();
        try {
            EnvelopeCodec.decode(reader.wrap(scratch, 0, length), envelope, ids);
        } catch (final WireFormatException | IllegalArgumentException e) {
            drop(envelope, "a message that is not a valid envelope (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (envelope.callerShard < 0) {
            drop(envelope, "an envelope without a caller shard");
        } else if (envelope.isRequest() && envelope.callerMember == member.memberId()
            && envelope.callerShard >= member.shards().length) {
            drop(envelope, "a request naming this member as its caller with a shard it does not have");
        } else if (envelope.isRequest()) {
            envelope.targetMember = member.memberId();
            shard.deliver(member.shardFor(envelope.target), envelope);
        } else if (envelope.callerShard < member.shards().length) {
            shard.deliver(member.shard(envelope.callerShard), envelope);
        } else {
            member.pool().release(envelope);
        }
    }

    private void drop(final Envelope envelope, final String what) {
        member.pool().release(envelope);
        unreported++;
        final long now = System.nanoTime();
        if (lastWarnNs == 0 || now - lastWarnNs >= WARN_INTERVAL_NS) {
            LOG.warn("member {} dropped {} ({} dropped since the last report)", member.memberId(), what, unreported);
            lastWarnNs = now;
            unreported = 0;
        }
    }
}
