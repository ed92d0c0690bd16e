package io.grain.gateway.push;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainUnavailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The presence of one principal: the member and session its gateway announced last. A push goes
 * to that member's {@link GatewayDelivery}, pinned there; when the member is not in the view any
 * more (it crashed or left) the call fails at once, the push is dropped and counted, and the record
 * is cleared, so a dead member never swallows pushes after its first one. A delivery that finds
 * no session clears the record too, when it is still the one the push was routed by (the session
 * id is the generation: an announcement of a newer session is never undone by a stale answer).
 *
 * <p>Thread ownership: the activation's shard thread (every method and every completion).
 */
final class PresenceGrain implements Presence {
    static final int NO_MEMBER = -1;

    private final GrainContext context;
    private final String principal;
    private final PushCounters counters;
    private int member = NO_MEMBER;
    private String session;

    PresenceGrain(final GrainContext context, final PushCounters counters) {
        this.context = context;
        this.principal = context.id().stringKey();
        this.counters = counters;
    }

    @Override
    public CompletableFuture<Void> attach(final int member, final String session) {
        this.member = member;
        this.session = session;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void detach(final int member, final String session) {
        clearIf(member, session);
    }

    @Override
    public void push(final String observer, final String method, final byte[] payload) {
        if (session == null) {
            counters.increment(PushCounter.PUSHES_DROPPED);
            return;
        }
        final int target = member;
        final String targetSession = session;
        counters.increment(PushCounter.PUSHES_ROUTED);
        // a request, not a one-way call: its answer (or the member's absence) tells this record is stale
        context.everyMember().on(target, GatewayDelivery.class, GatewayDelivery.KEY)
            .deliver(principal, observer, method, payload)
            .whenComplete((delivery, error) -> {
                if (error != null) {
                    counters.increment(PushCounter.PUSHES_DROPPED);
                    if (unwrap(error) instanceof GrainUnavailableException) {
                        clearIf(target, targetSession);
                    }
                } else if (delivery == Delivery.NO_SESSION || delivery == Delivery.NO_GATEWAY) {
                    counters.increment(PushCounter.PUSHES_DROPPED);
                    clearIf(target, targetSession);
                } else if (delivery == Delivery.UNKNOWN_METHOD) {
                    counters.increment(PushCounter.PUSHES_DROPPED);
                }
            });
    }

    @Override
    public CompletableFuture<Integer> member() {
        return CompletableFuture.completedFuture(session == null ? NO_MEMBER : member);
    }

    private void clearIf(final int member, final String session) {
        if (this.session != null && this.member == member && this.session.equals(session)) {
            this.member = NO_MEMBER;
            this.session = null;
            counters.increment(PushCounter.PRESENCE_CLEARED);
        }
    }

    private static Throwable unwrap(final Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
