package io.grain.gateway.push;

import io.grain.gateway.session.PushSink;
import io.grain.gateway.session.Session;
import io.grain.gateway.session.SessionListener;
import io.grain.runtime.GrainMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes a gateway's sessions as the presence of their principals: a session that begins or
 * resumes is announced to the principal's {@link Presence} grain with this member's id and the
 * session id, one that ends is withdrawn; and this member's {@link GatewayDelivery} hands pushes
 * routed here to the gateway's {@link PushSink}.
 *
 * <p>Thread safe: called from the gateway's event loops and the thread that closes it; every call
 * to a presence grain is asynchronous, so nothing here blocks an event loop.
 */
public final class PresencePublisher implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(PresencePublisher.class);

    private final GrainMember member;
    private final PushNode node;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile PushSink sink;

    /** Publishes the presence of the gateway of {@code member} (the member must have called {@link Pushes#register}). */
    public PresencePublisher(final GrainMember member) {
        this.member = Objects.requireNonNull(member, "member");
        this.node = PushNode.of(member.grains());
    }

    /**
     * Pushes routed to this member go to {@code gateway} from now on.
     *
     * @throws IllegalStateException when the member has another gateway already.
     */
    public void deliverTo(final PushSink gateway) {
        node.attachGateway(gateway);
        this.sink = gateway;
    }

    /** The gateway closed: pushes routed here are dropped (and counted by the presence grains). */
    public void stopDelivering() {
        if (sink != null) {
            node.detachGateway(sink);
        }
    }

    @Override
    public void opened(final Session session) {
        try {
            member.grains().get(Presence.class, session.principal().id()).attach(member.memberId(), session.id())
                .whenComplete((done, error) -> {
                    if (error != null && warned.compareAndSet(false, true)) {
                        LOG.warn("cannot announce the presence of {} (pushes to it are dropped until a refresh succeeds; "
                            + "every member of the cluster must call Pushes.register(builder)): {}", session.principal().id(), error.toString());
                    }
                });
        } catch (final RuntimeException e) {
            LOG.warn("cannot announce the presence of {}: {}", session.principal().id(), e.toString());
        }
    }

    @Override
    public void ended(final Session session) {
        try {
            member.grains().get(Presence.class, session.principal().id()).detach(member.memberId(), session.id());
        } catch (final RuntimeException e) {
            LOG.debug("cannot withdraw the presence of {}: {}", session.principal().id(), e.toString());
        }
    }
}
