package io.grain.gateway.auth;

import java.util.concurrent.CompletionStage;

/**
 * Turns the token of a client's first frame into a {@link Principal}, or refuses it by failing the
 * stage with an {@link AuthenticationException} (any other failure is refused as
 * {@code AUTH_FAILED} too, and logged).
 *
 * <p>Called on a gateway event loop thread: return quickly, and do slow work (a call to an
 * identity service, a grain call) asynchronously, completing the stage on any thread. May be
 * called by several event loops at once.
 */
@FunctionalInterface
public interface Authenticator {
    CompletionStage<Principal> authenticate(String token);
}
