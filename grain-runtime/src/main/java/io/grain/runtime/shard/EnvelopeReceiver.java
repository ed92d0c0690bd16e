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
 * {@link GrainIdCache}) and hands a request straight to the shard of its grain, a reply to the
 * shard of its caller. A message in a heap buffer (a reassembled large message) is decoded where it
 * lies; one in off-heap memory (an Aeron term buffer) is copied once into a reused array first,
 * since the wire reader reads arrays. Bad bytes are dropped, with at most one warning per
 * {@link #WARN_INTERVAL_NS} (anyone who can reach the transport could otherwise flood the log); the
 * member keeps serving. A request that names this member as its caller must name one of its
 * shards, or its reply would have nowhere to go.
 *
 * <p>Two ways to run, one per kind of transport: {@link #direct} runs on the transport's duty-cycle
 * thread ({@link Transport#deliverTo}) and offers to the target shard's queue, refusing the message
 * (the transport keeps it) while that queue is full; {@link #polling} runs on shard 0, which polls
 * a transport without a thread of its own, and spills into shard 0's overflow instead.
 *
 * <p>Thread ownership: one thread, the one that receives (see above).
 */
public final class EnvelopeReceiver implements Transport.MessageReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeReceiver.class);
    /** Least time between two warnings about dropped messages. */
    static final long WARN_INTERVAL_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /** The polling shard, or null when the transport's thread delivers. */
    private final ShardAgent poller;
    private final MemberRuntime member;
    private final ProtoReader reader = new ProtoReader();
    private final GrainIdCache ids = new GrainIdCache(GrainIdCache.DEFAULT_SLOTS);
    private byte[] scratch = new byte[512];
    private long lastWarnNs;
    private long unreported;
    private long delivered;

    private EnvelopeReceiver(final MemberRuntime member, final ShardAgent poller) {
        this.member = member;
        this.poller = poller;
    }

    /** A receiver that the transport's own thread runs ({@link Transport#deliverTo}). */
    public static EnvelopeReceiver direct(final MemberRuntime member) {
        return new EnvelopeReceiver(member, null);
    }

    /** A receiver for shard 0, which polls a transport without a thread of its own. */
    static EnvelopeReceiver polling(final ShardAgent shard) {
        return new EnvelopeReceiver(shard.member(), shard);
    }

    /** Messages handed to shards so far. The receiving thread; tests read it after the member stopped. */
    public long delivered() {
        return delivered;
    }

    @Override
    public boolean onMessage(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] array = buffer.byteArray();
        if (array != null) {
            reader.wrap(array, buffer.wrapAdjustment() + offset, length);
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            buffer.getBytes(offset, scratch, 0, length);
            reader.wrap(scratch, 0, length);
        }
        final Envelope envelope = member.pool().acquire();
        try {
            EnvelopeCodec.decode(reader, envelope, ids);
        } catch (final WireFormatException | IllegalArgumentException e) {
            drop(envelope, "a message that is not a valid envelope (" + e.getClass().getSimpleName() + ")");
            return true;
        }
        final ShardAgent target;
        if (envelope.callerShard < 0) {
            drop(envelope, "an envelope without a caller shard");
            return true;
        } else if (envelope.isRequest() && envelope.callerMember == member.memberId()
            && envelope.callerShard >= member.shards().length) {
            drop(envelope, "a request naming this member as its caller with a shard it does not have");
            return true;
        } else if (envelope.isRequest()) {
            envelope.targetMember = member.memberId();
            target = member.shardFor(envelope.target);
            envelope.targetShard = target.index();
        } else if (envelope.callerShard < member.shards().length) {
            target = member.shard(envelope.callerShard);
        } else {
            member.pool().release(envelope);
            return true;
        }
        if (poller != null) {
            poller.deliver(target, envelope);
        } else if (!target.offer(envelope)) {
            // the shard is behind: the transport keeps the message and pushes back on its sender
            member.pool().release(envelope);
            return false;
        }
        delivered++;
        return true;
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
