package io.grain.sample.arena;

import io.grain.gateway.session.PushSink;
import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Delivers pushes to the clients of this member's gateway. A member without a gateway (yet, or
 * at all) drops them, as a gateway drops a push to a player it does not hold.
 */
public final class PushRelayGrain implements PushRelay {
    private final Supplier<PushSink> gateway;

    /** @param gateway this member's gateway's pushes, or null while it has none; read on every push. */
    public PushRelayGrain(final GrainContext context, final Supplier<PushSink> gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public void push(final List<String> principals, final String observer, final String method, final byte[] payload) {
        final PushSink sink = gateway.get();
        if (sink == null) {
            return;
        }
        for (final String principal : principals) {
            sink.push(principal, observer, method, payload);
        }
    }
}
