package io.grain.transport.aeron;

import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when this member must give up every activation because another member may host its
 * grains by now, which {@link PeerTable} carries out by leaving this member out of its own runtime
 * view for a moment:
 * <ul>
 *   <li>it took a new incarnation: it was told it is dead (a partition healed, or the others stopped
 *       hearing it), so the activations of its old incarnation must not serve again;</li>
 *   <li>within one failure timeout it saw more than half of the other hosting members declared
 *       DEAD: it is most likely the one cut off, and the others will host its grains once they
 *       declare it dead in turn, after the same timeout;</li>
 *   <li>it has not received a frame from more than half of the other hosting members in its view
 *       for the failure timeout: the same, for a membership provider that keeps its last view when
 *       it cannot reach its source of truth (a table in a database the cut also took away). Once
 *       per silence: it fences again only after it has heard from a majority since.</li>
 * </ul>
 * The survivor of a crash in a cluster of two cannot tell it from being cut off and gives up its
 * activations too; they come back from storage at their next call. Clients host nothing and never
 * fence. Thread ownership: the transport thread.
 */
final class SelfFencing {
    private static final Logger LOG = LoggerFactory.getLogger(SelfFencing.class);

    private final int selfId;
    private final long failureTimeoutNs;
    /** Other hosting members seen going from alive to DEAD within the last failure timeout, and when. */
    private final IntArrayList recentlyDead = new IntArrayList();
    private final LongArrayList recentlyDeadAtNs = new LongArrayList();
    private long selfIncarnation = -1;
    /** When each member was last heard from (any frame), or first seen in a view. */
    private final Long2LongHashMap lastHeardNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final long silenceCheckIntervalNs;
    private long nextSilenceCheckNs;
    private boolean silenced;

    SelfFencing(final int selfId, final long failureTimeoutNs) {
        this.selfId = selfId;
        this.failureTimeoutNs = failureTimeoutNs;
        this.silenceCheckIntervalNs = Math.max(1, failureTimeoutNs / 20);
    }

    /** A frame from {@code memberId} arrived. Every frame: one primitive map write, no allocation. */
    void onActivity(final int memberId, final long nowNs) {
        lastHeardNs.put(memberId, nowNs);
    }

    /**
     * Called every duty cycle with the current view; checks (every twentieth of the failure
     * timeout) whether more than half of the other hosting members have been silent for the
     * failure timeout, and returns whether this member must give up its activations now.
     */
    boolean onIdle(final ClusterView view, final long nowNs) {
        if (nowNs - nextSilenceCheckNs < 0) {
            return false;
        }
        nextSilenceCheckNs = nowNs + silenceCheckIntervalNs;
        final MemberRecord self = view.record(selfId);
        if (self == null || !self.hosting()) {
            return false;
        }
        int others = 0;
        int silent = 0;
        for (final MemberRecord r : view.records()) {
            if (r.alive() && r.hosting() && r.memberId() != selfId) {
                others++;
                final long heard = lastHeardNs.get(r.memberId());
                if (heard == Long.MIN_VALUE) {
                    lastHeardNs.put(r.memberId(), nowNs); // new in the view: its silence starts now
                } else if (nowNs - heard > failureTimeoutNs) {
                    silent++;
                }
            }
        }
        if (2 * silent <= others) {
            silenced = false;
            return false;
        }
        if (silenced) {
            return false;
        }
        silenced = true;
        LOG.warn("member {} has not heard from {} of the {} other members for {} ms: it may be the one cut off, so it"
            + " gives up its activations", selfId, silent, others, failureTimeoutNs / 1_000_000);
        return true;
    }

    /**
     * Called with every new view ({@code previous} is null for the first); returns whether this
     * member must give up its activations now.
     */
    boolean onView(final ClusterView previous, final ClusterView view, final long nowNs) {
        final MemberRecord self = view.record(selfId);
        if (self == null) {
            return false;
        }
        final long incarnationBefore = selfIncarnation;
        selfIncarnation = self.incarnation();
        for (final MemberRecord r : view.records()) {
            if (!r.alive()) {
                lastHeardNs.remove(r.memberId()); // gone: no silence to watch, and the map stays bounded by the table
            }
        }
        int newlyDead = 0;
        if (previous != null) {
            for (final MemberRecord r : view.records()) {
                final MemberRecord before = previous.record(r.memberId());
                if (r.memberId() != selfId && r.hosting() && r.status() == MemberStatus.DEAD && before != null && before.alive()) {
                    recentlyDead.addInt(r.memberId());
                    recentlyDeadAtNs.addLong(nowNs);
                    newlyDead++;
                }
            }
        }
        forgetOlderThan(nowNs - failureTimeoutNs);
        if (!self.hosting()) {
            return false;
        }
        if (incarnationBefore != -1 && self.incarnation() > incarnationBefore) {
            LOG.warn("member {} rejoins as incarnation {} (it was declared dead): it gives up its activations", selfId,
                self.incarnation());
            return true;
        }
        if (newlyDead > 0) {
            int othersAlive = 0;
            for (final MemberRecord r : view.records()) {
                if (r.alive() && r.hosting() && r.memberId() != selfId) {
                    othersAlive++;
                }
            }
            final int lost = recentlyDead.size();
            if (2 * lost > othersAlive + lost) {
                LOG.warn("member {} saw {} of the {} other members declared dead within a failure timeout: it may be the one"
                    + " cut off, so it gives up its activations", selfId, lost, othersAlive + lost);
                return true;
            }
        }
        return false;
    }

    private void forgetOlderThan(final long oldestNs) {
        for (int i = recentlyDead.size() - 1; i >= 0; i--) {
            if (recentlyDeadAtNs.getLong(i) - oldestNs < 0) {
                // the same unordered removal on both lists keeps their entries paired
                recentlyDead.fastUnorderedRemove(i);
                recentlyDeadAtNs.fastUnorderedRemove(i);
            }
        }
    }
}
