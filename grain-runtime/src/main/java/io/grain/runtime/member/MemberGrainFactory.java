package io.grain.runtime.member;

import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainKeys;

import java.util.UUID;

/** Clients bound to one member's invoker. Thread safe. */
public final class MemberGrainFactory implements GrainFactory {
    private final CallInvoker invoker;

    public MemberGrainFactory(final CallInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final String key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.STRING);
        return d.newClient(GrainId.of(d.kind(), key), invoker);
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final long key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.LONG);
        return d.newClient(GrainId.of(d.kind(), key), invoker);
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final UUID key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.UUID);
        return d.newClient(GrainId.of(d.kind(), key), invoker);
    }

    /** A client of {@code grainInterface} for {@code id}, whose kind must match. */
    public <G> G client(final Class<G> grainInterface, final GrainId id) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        if (!d.kind().equals(id.kind())) {
            throw new IllegalArgumentException(id + " is of kind '" + id.kind() + "', but " + grainInterface.getName()
                + " is kind '" + d.kind() + "'");
        }
        GrainKeys.check(d, id.keyType());
        return d.newClient(id, invoker);
    }
}
