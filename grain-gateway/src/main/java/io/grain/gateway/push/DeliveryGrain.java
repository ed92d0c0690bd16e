package io.grain.gateway.push;

import io.grain.gateway.session.PushSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * A member's {@link GatewayDelivery}: hands each push to the member's gateway, which only enqueues
 * it on the client's connection (never blocks). One activation per member, pinned; its turns run
 * one at a time, so pushes leave in the order they came.
 *
 * <p>Thread ownership: the activation's shard thread.
 */
final class DeliveryGrain implements GatewayDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGrain.class);

    private final PushNode node;

    DeliveryGrain(final PushNode node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Delivery> deliver(final String principal, final String observer, final String method,
        final byte[] payload) {
        final PushSink gateway = node.gateway();
        if (gateway == null) {
            return CompletableFuture.completedFuture(Delivery.NO_GATEWAY);
        }
        final PushSink.Outcome outcome;
        try {
            outcome = gateway.push(principal, observer, method, payload);
        } catch (final IllegalArgumentException e) {
            LOG.warn("push {}.{} to {} dropped: {}", observer, method, principal, e.getMessage());
            return CompletableFuture.completedFuture(Delivery.UNKNOWN_METHOD);
        }
        switch (outcome) {
            case SENT:
                return CompletableFuture.completedFuture(Delivery.SENT);
            case KEPT:
                return CompletableFuture.completedFuture(Delivery.KEPT);
            default:
                return CompletableFuture.completedFuture(Delivery.NO_SESSION);
        }
    }
}
