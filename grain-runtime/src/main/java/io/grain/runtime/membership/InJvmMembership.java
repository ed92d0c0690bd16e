package io.grain.runtime.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Membership of members in one JVM: changes are immediate and every member sees the same view and
 * the same {@link MemberState}s (a state published is at once what every member reads). A member's
 * state goes when it leaves or crashes. Thread safe: changes are synchronized, reads are volatile.
 */
public final class InJvmMembership implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(InJvmMembership.class);

    private volatile MembershipView view = MembershipView.EMPTY;
    private volatile List<ClusterMember> members = List.of();
    /** State of each live member; guarded by this. */
    private final TreeMap<Integer, MemberState> states = new TreeMap<>();

    @Override
    public MembershipView view() {
        return view;
    }

    @Override
    public List<ClusterMember> members() {
        return members;
    }

    @Override
    public synchronized void join(final int memberId) {
        view = view.with(memberId);
        states.putIfAbsent(memberId, MemberState.EMPTY);
        publishMembers();
        LOG.debug("member {} joined: {}", memberId, view);
    }

    @Override
    public synchronized void leave(final int memberId) {
        view = view.without(memberId);
        states.remove(memberId);
        publishMembers();
        LOG.debug("member {} left: {}", memberId, view);
    }

    @Override
    public synchronized void crash(final int memberId) {
        view = view.without(memberId);
        states.remove(memberId);
        publishMembers();
        LOG.debug("member {} crashed: {}", memberId, view);
    }

    @Override
    public synchronized void publishState(final int memberId, final MemberState state) {
        final MemberState current = states.get(memberId);
        if (current == null || state.version() <= current.version()) {
            LOG.debug("state {} of member {} ignored: {}", state, memberId, current == null ? "not live" : "not newer");
            return;
        }
        states.put(memberId, state);
        publishMembers();
    }

    private void publishMembers() {
        final List<ClusterMember> next = new ArrayList<>(states.size());
        states.forEach((id, state) -> next.add(new ClusterMember(id, true, state)));
        members = List.copyOf(next);
    }
}
