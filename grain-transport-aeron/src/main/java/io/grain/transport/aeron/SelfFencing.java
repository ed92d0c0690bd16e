package io.grain.transport.aeron;

import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
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
 *       declare it dead in turn, after the same timeout.</li>
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

    SelfFencing(final int selfId, final long failureTimeoutNs) {
        this.selfId = selfId;
        this.failureTimeoutNs = failureTimeoutNs;
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
