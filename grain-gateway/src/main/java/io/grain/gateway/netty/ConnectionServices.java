package io.grain.gateway.netty;

import io.grain.gateway.auth.Authenticator;
import io.grain.gateway.auth.Authorizer;
import io.grain.gateway.calls.GrainCaller;
import io.grain.gateway.counters.GatewayCounters;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.schema.ClientApi;
import io.grain.gateway.schema.ObserverSchemas;
import io.grain.gateway.session.SessionRegistry;

import java.util.function.LongSupplier;

/**
 * What every connection of one gateway shares: immutable or thread safe, made once at start.
 *
 * @param nanoClock the rate limit's clock ({@code System::nanoTime} unless a test sets one).
 */
public record ConnectionServices(
    ClientApi api,
    ObserverSchemas observers,
    GrainCaller caller,
    Authenticator authenticator,
    Authorizer authorizer,
    SessionRegistry sessions,
    GatewayLimits limits,
    GatewayCounters counters,
    LongSupplier nanoClock) {
}
