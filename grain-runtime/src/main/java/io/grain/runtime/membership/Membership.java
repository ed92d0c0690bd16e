package io.grain.runtime.membership;

import java.util.List;

/**
 * Which members are alive. Shards read {@link #view()} (a volatile read) on every duty cycle and
 * react when its version changes. Implementations are thread safe.
 */
public interface Membership {
    /** The current view. */
    MembershipView view();

    /** {@code memberId} is up and takes calls. */
    void join(int memberId);

    /** {@code memberId} left gracefully after handing its grains over. */
    void leave(int memberId);

    /** {@code memberId} is gone without a goodbye (crash, partition, failed health check). */
    void crash(int memberId);

    /**
     * The live members (and the clients this membership knows of), ascending by id, each with the
     * latest {@link MemberState} this member has seen of it. Not the placement view: a change of
     * state is no change of {@link #view()}. Any thread.
     *
     * <p>The default lists the members of {@link #view()} with empty states, for a membership that
     * spreads no state.
     */
    default List<ClusterMember> members() {
        final MembershipView view = view();
        final ClusterMember[] members = new ClusterMember[view.size()];
        for (int i = 0; i < members.length; i++) {
            members[i] = new ClusterMember(view.member(i), true, MemberState.EMPTY);
        }
        return List.of(members);
    }

    /**
     * Publishes {@code state} as the state of {@code memberId}, which must be the member this
     * membership speaks for (or, in one JVM, one of its members). A state whose version is not
     * above the one already published is ignored (newer wins), as is the state of a member that is
     * not live. Spreads to every live member asynchronously. Any thread.
     *
     * @throws UnsupportedOperationException when this membership spreads no state (the default)
     */
    default void publishState(int memberId, MemberState state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " spreads no member state");
    }
}
