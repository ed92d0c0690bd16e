package io.grain.gateway.push;

import io.grain.gateway.session.PushSink;
import io.grain.runtime.GrainFactory;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the push machinery of one member shares between its grains and its gateway: the member's
 * {@link PushCounters} and the {@link PushSink} of the gateway it hosts, if any.
 *
 * <p>Found by the member's {@link GrainFactory}, the one object that grain code
 * ({@code context.grains()}) and outside code ({@code member.grains()}) both hold of a member: the
 * runtime gives a grain nothing else that names its member. The registry holds each factory weakly,
 * so a closed member's node goes with it. Looked up when an activation of a push kind is made and
 * when a gateway starts, never per push. Thread safe.
 */
final class PushNode {
    private static final Map<GrainFactory, PushNode> NODES = new WeakHashMap<>();

    private final PushCounters counters = new PushCounters();
    private volatile PushSink gateway;

    private PushNode() {
    }

    /** The node of the member whose factory is {@code grains} (made on first use). */
    static PushNode of(final GrainFactory grains) {
        synchronized (NODES) {
            return NODES.computeIfAbsent(grains, g -> new PushNode());
        }
    }

    PushCounters counters() {
        return counters;
    }

    /** The gateway of this member, or null. */
    PushSink gateway() {
        return gateway;
    }

    /**
     * Makes {@code sink} this member's gateway.
     *
     * @throws IllegalStateException when the member hosts another gateway already.
     */
    synchronized void attachGateway(final PushSink sink) {
        if (gateway != null && gateway != sink) {
            throw new IllegalStateException("this member hosts a gateway already; a member delivers pushes to one gateway, "
                + "so start one GatewayServer per member (it may listen on both WebSocket and TCP)");
        }
        gateway = sink;
    }

    /** {@code sink} closed: the member has no gateway any more. */
    synchronized void detachGateway(final PushSink sink) {
        if (gateway == sink) {
            gateway = null;
        }
    }
}
