package io.grain.transport.aeron;

import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The peers the membership view calls for: one {@link Peer} per alive member or client (a new
 * one for a new incarnation or address), and the view that senders and the runtime see, which
 * changes only once those peers are open. A member restarted before its crash was detected is
 * withheld from that view for {@link #TRANSITION_NS}, so every shard sees the old process go. This
 * member withholds itself the same way when {@link SelfFencing} says it must give up its
 * activations, so every shard of it sees itself gone and deactivates what it holds.
 *
 * <p>Thread ownership: the transport thread, except {@link #routing()} and {@link #appliedView()}
 * (volatile reads of immutable snapshots).
 */
final class PeerTable {
    /** How long a member restarted before its crash was detected stays out of the runtime's view. */
    static final long TRANSITION_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

    private final int selfId;
    private final int queueCapacity;
    private final Publications publications;
    private final AtomicCounter viewVersion;
    private final AtomicCounter liveMembers;
    private final AtomicCounter declaredDead;
    private final AtomicCounter sendFailures;
    private final Int2ObjectHashMap<Peer> peers = new Int2ObjectHashMap<>();
    private final IntArrayList restarted = new IntArrayList();
    private final IntArrayList withheld = new IntArrayList();
    private final SelfFencing fencing;
    private volatile Int2ObjectHashMap<Peer> routing = new Int2ObjectHashMap<>();
    /** The last view whose peers are open: what senders and the runtime see. */
    private volatile ClusterView applied = ClusterView.EMPTY;
    private ClusterView lastView;
    private long transitionEndsNs;

    PeerTable(final int selfId, final int queueCapacity, final Publications publications, final TransportCounters counters,
              final long failureTimeoutNs) {
        this.selfId = selfId;
        this.fencing = new SelfFencing(selfId, failureTimeoutNs);
        this.queueCapacity = queueCapacity;
        this.publications = publications;
        this.viewVersion = counters.get(TransportCounters.Id.VIEW_VERSION);
        this.liveMembers = counters.get(TransportCounters.Id.LIVE_MEMBERS);
        this.declaredDead = counters.get(TransportCounters.Id.MEMBERS_DECLARED_DEAD);
        this.sendFailures = counters.get(TransportCounters.Id.SEND_FAILURES);
    }

    /** The peers, for the transport thread. */
    Int2ObjectHashMap<Peer> peers() {
        return peers;
    }

    /** Senders' view of the peers: an immutable snapshot. Any thread. */
    Int2ObjectHashMap<Peer> routing() {
        return routing;
    }

    /**
     * The membership view once the transport has opened a peer for every alive member in it, so a
     * member that a view shows can be sent to. Any thread.
     */
    ClusterView appliedView() {
        return applied;
    }

    /** Opens and removes peers to match {@code view}, if it changed. */
    void reconcile(final ClusterView view, final long nowNs) {
        if (view == lastView) {
            return;
        }
        final ClusterView previous = lastView;
        lastView = view;
        viewVersion.setRelease(view.version());
        liveMembers.setRelease(view.hostingView().size());
        if (previous != null) {
            for (final MemberRecord r : view.records()) {
                final MemberRecord before = previous.record(r.memberId());
                if (!r.alive() && before != null && before.alive() && r.status() == MemberStatus.DEAD) {
                    declaredDead.increment();
                }
            }
        }
        boolean changed = false;
        restarted.clear();
        for (final MemberRecord r : view.records()) {
            if (r.memberId() == selfId) {
                continue;
            }
            final Peer existing = peers.get(r.memberId());
            if (r.alive() && r.hosting() && existing != null && existing.incarnation != r.incarnation()) {
                restarted.addInt(r.memberId());
            }
            if (r.alive()) {
                final String channel = publications.channelFor(r);
                final int streamId = publications.streamFor(r);
                final int controlStreamId = publications.controlStreamFor(r);
                if (existing == null || !existing.channel.equals(channel) || existing.streamId != streamId
                    || existing.incarnation != r.incarnation()) {
                    if (existing != null) {
                        remove(existing);
                    }
                    peers.put(r.memberId(), new Peer(r.memberId(), r.incarnation(), channel, streamId, controlStreamId,
                        queueCapacity));
                    changed = true;
                }
            } else if (existing != null) {
                remove(existing);
                changed = true;
            }
        }
        if (changed) {
            routing = new Int2ObjectHashMap<>(peers);
            publications.closeUnused(peers);
            LOG.info("member {} view {}", selfId, view);
        }
        if (!restarted.isEmpty()) {
            // a member restarted before its crash was detected: show the runtime a view without it
            // first, long enough for every shard to see it, so calls waiting on the old process fail
            for (int i = 0; i < restarted.size(); i++) {
                if (!withheld.containsInt(restarted.getInt(i))) {
                    withheld.addInt(restarted.getInt(i));
                }
            }
            transitionEndsNs = nowNs + TRANSITION_NS;
            LOG.info("member {}: {} restarted as new incarnations; withholding them from placement briefly", selfId, restarted);
        }
        if (fencing.onView(previous, view, nowNs)) {
            withholdSelf(nowNs);
        }
        applied = withheld.isEmpty() ? view : view.withoutHosting(withheld.toIntArray());
    }

    /** A frame from {@code memberId} arrived (any frame; for {@link SelfFencing}'s silence rule). */
    void onActivity(final int memberId, final long nowNs) {
        fencing.onActivity(memberId, nowNs);
    }

    /**
     * Withholds this member from its own runtime's view when {@link SelfFencing} finds it silent
     * from most others, and ends the withholding of restarted members (and of itself) when its time
     * is up; returns the work done. Every duty cycle.
     */
    int endTransition(final long nowNs) {
        if (lastView != null && fencing.onIdle(lastView, nowNs)) {
            withholdSelf(nowNs);
            applied = lastView.withoutHosting(withheld.toIntArray());
            return 1;
        }
        if (transitionEndsNs != 0 && nowNs - transitionEndsNs >= 0) {
            transitionEndsNs = 0;
            withheld.clear();
            applied = lastView;
            return 1;
        }
        return 0;
    }

    /** Leaves this member out of its runtime's view for {@link #TRANSITION_NS}: its shards give up their activations. */
    private void withholdSelf(final long nowNs) {
        if (!withheld.containsInt(selfId)) {
            withheld.addInt(selfId);
        }
        transitionEndsNs = nowNs + TRANSITION_NS;
    }

    private void remove(final Peer peer) {
        peer.open = false;
        peers.remove(peer.memberId);
        final int dropped = peer.queue.size() > 0 ? peer.queue.read((t, b, i, l) -> sendFailures.increment()) : 0;
        if (dropped > 0) {
            LOG.debug("dropped {} queued messages to gone member {}", dropped, peer.memberId);
        }
    }

    /** Marks every peer closed, as the transport stops. */
    void closeAll() {
        for (final Peer peer : peers.values()) {
            peer.open = false;
        }
    }
}
