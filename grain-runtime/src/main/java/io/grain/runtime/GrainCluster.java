package io.grain.runtime;

import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MemberState;
import io.grain.runtime.membership.Membership;

import java.util.List;
import java.util.Objects;

/**
 * The cluster as one member sees it: the live members with the small key/value state each one
 * publishes about itself (Proto.Cluster's member state, Akka's gossiped metadata), and this
 * member's own keys. {@code member.cluster().setKey("role", "gateway")} reaches every live member
 * through the membership (at once in one JVM, within a gossip exchange over Aeron, within a probe
 * interval with the PostgreSQL table); each member keeps the newest version of each member's state,
 * and a member's state is gone from {@link #members()} when it leaves or crashes.
 *
 * <p>Bounds (see {@link MemberState}): at most {@value MemberState#MAX_KEYS} keys, keys of
 * 1..{@value MemberState#MAX_KEY_BYTES} bytes, values of at most {@value MemberState#MAX_VALUE_BYTES}
 * bytes, {@value MemberState#MAX_TOTAL_BYTES} bytes in all (UTF-8). Meant for a few facts that
 * change rarely: each change is a gossip push or a database write.
 *
 * <p>Thread safe: reads take the membership's latest snapshot; changes to this member's own keys
 * are serialized here, so each gets the next version.
 */
public final class GrainCluster {
    private final Membership membership;
    private final int selfId;
    /** What this member has published; guarded by this. */
    private MemberState own = MemberState.EMPTY;

    /** The cluster seen by member {@code selfId} through {@code membership}. */
    public GrainCluster(final Membership membership, final int selfId) {
        this.membership = Objects.requireNonNull(membership, "membership");
        this.selfId = selfId;
    }

    /** This member's id. */
    public int selfId() {
        return selfId;
    }

    /** The live members (and known clients), ascending by id, each with its latest state seen here. */
    public List<ClusterMember> members() {
        return membership.members();
    }

    /** Live member {@code memberId} with its state, or null when it is not live (not yet joined, left, crashed). */
    public ClusterMember member(final int memberId) {
        for (final ClusterMember m : membership.members()) {
            if (m.id() == memberId) {
                return m;
            }
        }
        return null;
    }

    /** The state this member has published (its own keys), whether or not it has spread yet. */
    public synchronized MemberState ownState() {
        return own;
    }

    /**
     * Sets this member's {@code key} to {@code value} and spreads it to every live member. Setting
     * the value a key already has changes nothing.
     *
     * @return this member's state after the change
     * @throws IllegalArgumentException when the key or value is out of bounds or the state would
     *                                  exceed its bounds (nothing changes then)
     * @throws IllegalStateException    when the member's transport has stopped (a closed member over
     *                                  Aeron); a closed member in one JVM is no longer live, and its
     *                                  change is not taken
     *                                  <p>Over Aeron gossip the transport thread takes the change
     *                                  later: one that would push the gossiped table past its
     *                                  frame (about 50 members with full states in 64 KiB) is
     *                                  logged there and not spread, while {@link #ownState()}
     *                                  already shows it.
     */
    public synchronized MemberState setKey(final String key, final String value) {
        return publish(own.with(key, value));
    }

    /**
     * Removes this member's {@code key} (if set) and spreads that.
     *
     * @return this member's state after the change
     */
    public synchronized MemberState removeKey(final String key) {
        return publish(own.without(key));
    }

    private MemberState publish(final MemberState next) {
        if (next != own) {
            membership.publishState(selfId, next);
            own = next;
        }
        return own;
    }

    @Override
    public String toString() {
        return "cluster seen by member " + selfId + ": " + members();
    }
}
