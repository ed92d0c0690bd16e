package io.grain.runtime.member;

import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainKeys;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Clients of one member, each bound to the invoker its {@code invokers} give when it is made: a
 * member gives the invoker of the shard whose grain code makes the client, so the calls of that
 * client need not find their shard again, and its own invoker elsewhere. Thread safe.
 */
public final class MemberGrainFactory implements GrainFactory {
    private final Supplier<? extends CallInvoker> invokers;

    /** Clients bound to {@code invoker}. */
    public MemberGrainFactory(final CallInvoker invoker) {
        this.invokers = () -> invoker;
    }

    /** Clients bound to what {@code invokers} gives when each is made (on the thread that makes it). */
    public MemberGrainFactory(final Supplier<? extends CallInvoker> invokers) {
        this.invokers = invokers;
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final String key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.STRING);
        return d.newClient(GrainId.of(d.kind(), key), invokers.get());
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final long key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.LONG);
        return d.newClient(GrainId.of(d.kind(), key), invokers.get());
    }

    @Override
    public <G> G get(final Class<G> grainInterface, final UUID key) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        GrainKeys.check(d, GrainId.KeyType.UUID);
        return d.newClient(GrainId.of(d.kind(), key), invokers.get());
    }

    /** A client of {@code grainInterface} for {@code id}, whose kind must match. */
    public <G> G client(final Class<G> grainInterface, final GrainId id) {
        final GrainDispatcher<G> d = Dispatchers.of(grainInterface);
        if (!d.kind().equals(id.kind())) {
            throw new IllegalArgumentException(id + " is of kind '" + id.kind() + "', but " + grainInterface.getName()
                + " is kind '" + d.kind() + "'");
        }
        GrainKeys.check(d, id.keyType());
        return d.newClient(id, invokers.get());
    }
}
