package io.grain.gateway.push;

import io.grain.runtime.GrainFactory;

import java.util.Objects;

/**
 * Routes each push through the principal's {@link Presence} grain (a one-way call), which sends it
 * on to the gateway holding the principal. From grain code the call leaves from the pushing
 * activation, so the pushes of one grain to one player keep their order. Thread safe.
 */
final class PresenceRouter implements PushRouter {
    private final GrainFactory grains;

    PresenceRouter(final GrainFactory grains) {
        this.grains = Objects.requireNonNull(grains, "grains");
    }

    @Override
    public void push(final String principal, final String observer, final String method, final byte[] payload) {
        grains.get(Presence.class, principal).push(observer, method, payload);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof PresenceRouter && grains == ((PresenceRouter)other).grains;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(grains);
    }
}
