package io.grain.runtime.shard;

import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopeCodec;
import io.grain.runtime.envelope.GrainIdCache;
import io.grain.runtime.member.MemberRuntime;
import io.grain.runtime.transport.Transport;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.WireFormatException;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives from other members: decodes each message into a pooled envelope (targets through a
 * {@link GrainIdCache}) and hands a request to the shard of its grain, a reply to the shard of its
 * caller. Bad bytes are logged and dropped; the shard keeps serving.
 *
 * <p>Thread ownership: the thread of the shard that polls the transport (shard 0).
 */
final class EnvelopeReceiver implements Transport.MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeReceiver.class);

    private final ShardAgent shard;
    private final MemberRuntime member;
    private final ProtoReader reader = new ProtoReader();
    private final GrainIdCache ids = new GrainIdCache(GrainIdCache.DEFAULT_SLOTS);
    private byte[] scratch = new byte[512];

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
            LOG.warn("member {} dropped a message that is not a valid envelope: {}", member.memberId(), e.getMessage());
            member.pool().release(envelope);
            return;
        }
        if (envelope.callerShard < 0) {
            LOG.warn("member {} dropped an envelope from member {} without a caller shard", member.memberId(), envelope.callerMember);
            member.pool().release(envelope);
        } else if (envelope.isRequest()) {
            envelope.targetMember = member.memberId();
            shard.deliver(member.shardFor(envelope.target), envelope);
        } else if (envelope.callerShard < member.shards().length) {
            shard.deliver(member.shard(envelope.callerShard), envelope);
        } else {
            member.pool().release(envelope);
        }
    }
}
