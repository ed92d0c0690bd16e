package io.grain.gateway.auth;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.GrainMethod;

/**
 * Decides each call of an authenticated client: may {@code principal} call {@code method} on
 * {@code grain}? Only client-callable methods of exposed kinds get this far. A refusal answers the
 * call with {@code FORBIDDEN}; the call never reaches the grain.
 *
 * <p>Called on a gateway event loop thread for every call: it must be quick and must not block.
 * May be called by several event loops at once.
 */
@FunctionalInterface
public interface Authorizer {
    boolean allows(Principal principal, GrainId grain, GrainMethod method);
}
