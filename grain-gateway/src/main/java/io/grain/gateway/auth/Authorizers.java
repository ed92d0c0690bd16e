package io.grain.gateway.auth;

import io.grain.runtime.GrainId;

import java.util.Set;

/** Common {@link Authorizer}s. */
public final class Authorizers {
    private Authorizers() {
    }

    /** Lets every authenticated principal call every client-callable method. */
    public static Authorizer allowAll() {
        return (principal, grain, method) -> true;
    }

    /**
     * A principal acts only as itself in the given kinds: a call to a grain of one of
     * {@code ownKinds} is allowed only when the grain's key is a string equal to the principal's
     * id (player "alice" may call {@code player/alice}, not {@code player/bob}). Calls to other
     * kinds are allowed.
     */
    public static Authorizer ownGrainsOnly(final Set<String> ownKinds) {
        final Set<String> kinds = Set.copyOf(ownKinds);
        return (principal, grain, method) -> !kinds.contains(grain.kind())
            || (grain.keyType() == GrainId.KeyType.STRING && grain.stringKey().equals(principal.id()));
    }
}
