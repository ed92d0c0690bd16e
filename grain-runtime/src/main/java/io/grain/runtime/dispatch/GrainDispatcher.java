package io.grain.runtime.dispatch;

import io.grain.annotation.KeyType;
import io.grain.runtime.GrainId;
import io.grain.runtime.wire.ProtoWriter;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The generated bridge between the wire and a grain interface {@code G}: method metadata, request
 * decoding and invocation, result encoding, and client creation. One instance per interface,
 * stateless and shared by every shard.
 *
 * <p>The runtime finds the dispatcher of {@code p.Player} as the class {@code p.PlayerDispatcher},
 * once at registration; no reflection is used on any call path.
 */
public interface GrainDispatcher<G> {
    /** The grain kind, from {@code @Grain}: the name placement and the wire use. */
    String kind();

    Class<G> grainInterface();

    /**
     * The key type from {@code @Grain(key = ...)}; {@link KeyType#ANY} (unchecked) unless the
     * interface declares one. Generated dispatchers override it only when declared.
     */
    default KeyType keyType() {
        return KeyType.ANY;
    }

    /** {@code @Reentrant}: every call may interleave at await points. */
    boolean reentrant();

    /** {@code @StatelessWorker(max)}, or 0 for an ordinary grain. */
    int statelessWorkerMax();

    /** Every method, in declaration order. */
    List<GrainMethod> methods();

    /** The method with {@code methodId}, or {@code null} when this interface has none. */
    GrainMethod method(int methodId);

    /** A client for grain {@code id} whose calls go through {@code invoker}. */
    G newClient(GrainId id, CallInvoker invoker);

    /**
     * Decodes the arguments of {@code call} and invokes the method on {@code grain}.
     *
     * @return the grain's result stage, or {@code null} for a one-way method.
     * @throws io.grain.runtime.wire.WireFormatException when the arguments do not decode.
     * @throws IllegalArgumentException when {@code methodId} is not a method of this interface.
     */
    CompletionStage<?> invoke(G grain, int methodId, InboundCall call);

    /**
     * Writes the reply message of method {@code methodId} (its result as field 1) for a caller in
     * another process, or one that may not share the result object.
     *
     * @throws NullPointerException when a result that has no absent form on the wire (a
     *         collection, an Optional) is null.
     */
    void encodeResult(int methodId, Object result, ProtoWriter writer);
}
