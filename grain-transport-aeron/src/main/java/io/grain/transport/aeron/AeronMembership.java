package io.grain.transport.aeron;

import io.grain.runtime.membership.Membership;
import io.grain.runtime.membership.MembershipView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link Membership} over an {@link AeronTransport}: {@link #view()} is the set of
 * alive members that host grains (clients excluded), versioned by the gossip-converged table, so
 * every member that has converged places a grain on the same owner. A member joins when its
 * transport launches; {@link #leave} of this member announces that it leaves (the runtime closes
 * the transport next), {@link #crash} of this member stops its transport at once without a word
 * (a simulated crash), and {@link #crash} of another declares it dead cluster-wide. Thread safe.
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
