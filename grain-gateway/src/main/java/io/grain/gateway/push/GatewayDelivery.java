package io.grain.gateway.push;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/**
 * The gateway of one member, as a grain: called pinned to that member
 * ({@code everyMember().on(member, GatewayDelivery.class, KEY)}), it hands a push to the member's
 * gateway's session of the principal and says what became of it. A system grain registered by
 * {@link Pushes#register}; one activation per member, which delivers the pushes it gets in order.
 */
@Grain("grain.gateway-delivery")
public interface GatewayDelivery {
    /** The one key of the kind: each member has its own activation of it. */
    String KEY = "gateway";

    /** Pushes {@code payload} (observer {@code observer}, rpc {@code method}) to {@code principal}'s session here. */
    CompletableFuture<Delivery> deliver(String principal, String observer, String method, byte[] payload);
}
