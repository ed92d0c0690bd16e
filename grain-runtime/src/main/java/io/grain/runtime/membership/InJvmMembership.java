package io.grain.runtime.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership of members in one JVM: changes are immediate and every member sees the same view.
 * Thread safe.
 */
public final class InJvmMembership implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(InJvmMembership.class);

    private volatile MembershipView view = MembershipView.EMPTY;

    @Override
    public MembershipView view() {
        return view;
    }

    @Override
    public synchronized void join(final int memberId) {
        view = view.with(memberId);
        LOG.debug("member {} joined: {}", memberId, view);
    }

    @Override
    public synchronized void leave(final int memberId) {
        view = view.without(memberId);
        LOG.debug("member {} left: {}", memberId, view);
    }

    @Override
    public synchronized void crash(final int memberId) {
        view = view.without(memberId);
        LOG.debug("member {} crashed: {}", memberId, view);
    }
}
