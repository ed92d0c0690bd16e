package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.grain.transport.aeron.membership.MemberRecord;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The transport's exclusive publications, one per channel and stream, and where a member is
 * reached: over IPC when it shares this member's media driver, else over UDP at its endpoint.
 * Publications to the seeds are kept even while no peer uses them.
 *
 * <p>Thread ownership: the transport thread (one writer per publication).
 */
final class Publications {
    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    private final AeronTransport.Context ctx;
    private final Aeron aeron;
    private final MemberRecord self;
    private final String udpParams;
    private final Map<String, ExclusivePublication> byKey = new HashMap<>();
    private final Set<String> seedKeys = new HashSet<>();

    Publications(final AeronTransport.Context ctx, final Aeron aeron, final MemberRecord self) {
        this.ctx = ctx;
        this.aeron = aeron;
        this.self = self;
        this.udpParams = "term-length=" + ctx.termLength();
        for (final String seed : ctx.seedsCopy()) {
            seedKeys.add(AeronTransport.publicationKey(udpChannel(seed), ctx.controlStreamId()));
        }
    }

    /** The UDP channel to {@code endpoint} ({@code host:port}). */
    String udpChannel(final String endpoint) {
        return Endpoint.parse(endpoint).udpChannel(udpParams);
    }

    private boolean sharesDriver(final MemberRecord r) {
        return r.driverKey().equals(self.driverKey());
    }

    String channelFor(final MemberRecord r) {
        return sharesDriver(r) ? AeronTransport.ipcChannel(ctx) : udpChannel(r.endpoint());
    }

    int streamFor(final MemberRecord r) {
        return sharesDriver(r) ? AeronTransport.ipcStreamId(ctx, r.memberId()) : ctx.streamId();
    }

    int controlStreamFor(final MemberRecord r) {
        return sharesDriver(r) ? AeronTransport.ipcControlStreamId(ctx, r.memberId()) : ctx.controlStreamId();
    }

    /** The publication on {@code channel} and {@code streamId}, added when missing or closed; null if Aeron refuses. */
    ExclusivePublication get(final String channel, final int streamId) {
        final String key = AeronTransport.publicationKey(channel, streamId);
        ExclusivePublication publication = byKey.get(key);
        if (publication == null || publication.isClosed()) {
            try {
                publication = aeron.addExclusivePublication(channel, streamId);
            } catch (final RuntimeException ex) {
                LOG.warn("member {} cannot publish to {} stream {}: {}", self.memberId(), channel, streamId, ex.toString());
                return null;
            }
            byKey.put(key, publication);
        }
        return publication;
    }

    /** Closes and forgets the data publication of {@code peer}, so the next {@link #get} starts a new one. */
    void replace(final Peer peer) {
        byKey.remove(peer.key());
        CloseHelper.quietClose(peer.publication);
        peer.publication = null;
        peer.introduced = false;
    }

    /** Closes the publications that neither a peer nor a seed uses. */
    void closeUnused(final Int2ObjectHashMap<Peer> peers) {
        final Set<String> used = new HashSet<>(seedKeys);
        for (final Peer p : peers.values()) {
            used.add(p.key());
            used.add(p.controlKey());
        }
        final Iterator<Map.Entry<String, ExclusivePublication>> it = byKey.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, ExclusivePublication> e = it.next();
            if (!used.contains(e.getKey())) {
                CloseHelper.quietClose(e.getValue());
                it.remove();
            }
        }
    }

    void closeAll() {
        byKey.values().forEach(CloseHelper::quietClose);
        byKey.clear();
    }
}
