package io.grain.runtime.topic;

import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;

import java.util.List;

/**
 * What the runtime's own hand-written dispatchers (the topic grains) share: a kind, its
 * interface, its methods looked up by id, and the turn rules of a plain grain (not reentrant,
 * not a stateless worker). Method ids hash signatures starting with the kind, which no Java
 * method can have ({@link GrainMethod#idOf}).
 *
 * <p>Thread ownership: immutable, any thread.
 */
abstract class ServiceDispatcher<G> implements GrainDispatcher<G> {
    private final String kind;
    private final Class<G> grainInterface;
    private final List<GrainMethod> methods;

    ServiceDispatcher(final String kind, final Class<G> grainInterface, final GrainMethod... methods) {
        this.kind = kind;
        this.grainInterface = grainInterface;
        this.methods = List.of(methods);
    }

    /** A request method {@code name} of {@code kind} taking {@code parameter}, default timeout, immutable result. */
    static GrainMethod request(final String kind, final String name, final String parameter) {
        final String signature = kind + "." + name + "(" + parameter + ")";
        return new GrainMethod(GrainMethod.idOf(signature), name, signature, false, false, false, GrainMethod.DEFAULT_TIMEOUT,
            true);
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final Class<G> grainInterface() {
        return grainInterface;
    }

    @Override
    public final boolean reentrant() {
        return false;
    }

    @Override
    public final int statelessWorkerMax() {
        return 0;
    }

    @Override
    public final List<GrainMethod> methods() {
        return methods;
    }

    @Override
    public final GrainMethod method(final int methodId) {
        for (final GrainMethod m : methods) {
            if (m.id() == methodId) {
                return m;
            }
        }
        return null;
    }
}
