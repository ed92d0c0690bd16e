package io.grain.gateway.netty;

/** The user event that tells every connection the gateway is closing. */
final class GatewayShutdown {
    static final GatewayShutdown INSTANCE = new GatewayShutdown();

    private GatewayShutdown() {
    }
}
