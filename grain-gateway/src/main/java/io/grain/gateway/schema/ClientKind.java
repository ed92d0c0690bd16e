package io.grain.gateway.schema;

import io.grain.runtime.dispatch.GrainDispatcher;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * One grain kind as clients see it: only its client-callable methods, found by rpc name, by Java
 * name (when not overloaded) and by method id. Immutable after construction; safe to share
 * between event loops.
 */
public final class ClientKind {
    private final String kind;
    private final GrainDispatcher<?> dispatcher;
    private final Map<String, ClientMethod> byName;
    private final Int2ObjectHashMap<ClientMethod> byId;
    private final Collection<ClientMethod> methods;

    ClientKind(final GrainDispatcher<?> dispatcher, final Map<String, ClientMethod> byName,
        final Int2ObjectHashMap<ClientMethod> byId, final Collection<ClientMethod> methods) {
        this.kind = dispatcher.kind();
        this.dispatcher = dispatcher;
        this.byName = Map.copyOf(byName);
        this.byId = byId;
        this.methods = Collections.unmodifiableCollection(methods);
    }

    public String kind() {
        return kind;
    }

    public GrainDispatcher<?> dispatcher() {
        return dispatcher;
    }

    /** The client-callable method called {@code name} (rpc or unambiguous Java name), or null. */
    public ClientMethod method(final String name) {
        return byName.get(name);
    }

    /** The client-callable method with {@code methodId}, or null. */
    public ClientMethod method(final int methodId) {
        return byId.get(methodId);
    }

    /** Every client-callable method, in declaration order. */
    public Collection<ClientMethod> methods() {
        return methods;
    }
}
