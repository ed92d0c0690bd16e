package io.grain.runtime;

import java.util.List;

/**
 * A member's health at one moment, for a process supervisor or a Kubernetes probe
 * ({@link GrainMember#health()}): <em>live</em> while its shard threads run (a member that is not
 * live should be restarted), <em>ready</em> while it is live, has joined its cluster, can reach
 * its storage and is not closing (a member that is not ready should get no traffic). Every reason
 * it is not ready (or not live) is in {@link #problems()}. Immutable.
 */
public final class MemberHealth {
    /** The problem of a member that is not live. */
    public static final String NOT_LIVE = "its shard threads do not run (the member is closed or a shard thread died)";

    private final int memberId;
    private final boolean live;
    private final boolean ready;
    private final List<String> problems;

    public MemberHealth(final int memberId, final boolean live, final boolean ready, final List<String> problems) {
        if (ready && !live) {
            throw new IllegalArgumentException("a member that is not live cannot be ready");
        }
        this.memberId = memberId;
        this.live = live;
        this.ready = ready;
        this.problems = List.copyOf(problems);
    }

    public int memberId() {
        return memberId;
    }

    /** The member's shard threads run. */
    public boolean live() {
        return live;
    }

    /** Live, joined, its storage reachable, and not closing: it serves calls. */
    public boolean ready() {
        return ready;
    }

    /** Why it is not ready or not live, one short sentence each; empty when healthy. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return "MemberHealth{member=" + memberId + ", live=" + live + ", ready=" + ready + (problems.isEmpty() ? "" : ", problems=" + problems)
            + "}";
    }
}
