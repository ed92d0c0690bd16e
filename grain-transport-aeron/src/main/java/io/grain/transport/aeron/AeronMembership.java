package io.grain.transport.aeron;

import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MemberState;
import io.grain.runtime.membership.Membership;
import io.grain.runtime.membership.MembershipView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The runtime's {@link Membership} over an {@link AeronTransport}: {@link #view()} is the set of
 * alive members that host grains (clients excluded), versioned by the gossip-converged table, so
 * every member that has converged places a grain on the same owner. A member joins when its
 * transport launches; {@link #leave} of this member announces that it leaves (the runtime closes
 * the transport next), {@link #crash} of this member stops its transport at once without a word
 * (a simulated crash), and {@link #crash} of another declares it dead cluster-wide.
 * {@link #members()} lists every alive member and client of the table with its state, and
 * {@link #publishState} hands this member's new state to the transport thread, whose membership
 * provider spreads it. Thread safe.
 */
public final class AeronMembership implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(AeronMembership.class);

    private final AeronTransport transport;

    AeronMembership(final AeronTransport transport) {
        this.transport = transport;
    }

    @Override
    public MembershipView view() {
        return transport.clusterView().hostingView();
    }

    @Override
    public List<ClusterMember> members() {
        return transport.clusterView().members();
    }

    /**
     * Publishes this member's state through the transport's membership provider.
     *
     * @throws IllegalArgumentException when {@code memberId} is not this transport's member
     * @throws IllegalStateException    when the transport has stopped
     */
    @Override
    public void publishState(final int memberId, final MemberState state) {
        if (memberId != transport.memberId()) {
            throw new IllegalArgumentException("member " + transport.memberId() + " cannot publish the state of member "
                + memberId);
        }
        transport.publishState(state);
    }

    /** This member joined when its transport launched; others join by launching theirs. */
    @Override
    public void join(final int memberId) {
        if (memberId != transport.memberId()) {
            LOG.debug("join({}) ignored: members join through their own transport", memberId);
        }
    }

    @Override
    public void leave(final int memberId) {
        if (memberId == transport.memberId()) {
            transport.leave();
        } else {
            LOG.debug("leave({}) ignored: a member leaves through its own transport", memberId);
        }
    }

    @Override
    public void crash(final int memberId) {
        if (memberId == transport.memberId()) {
            transport.kill();
            return;
        }
        transport.declareDead(memberId);
    }
}
