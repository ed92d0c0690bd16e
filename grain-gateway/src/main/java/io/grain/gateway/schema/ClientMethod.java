package io.grain.gateway.schema;

import com.google.protobuf.Descriptors.Descriptor;
import io.grain.runtime.dispatch.GrainMethod;

/**
 * A grain method that clients may call: its runtime metadata, its rpc name in the grain's
 * generated .proto, and the descriptors of its request and reply messages (null when the gateway
 * has no schema for the kind, so only the protobuf format can carry it). Immutable.
 */
public final class ClientMethod {
    private final GrainMethod method;
    private final String rpcName;
    private final Descriptor request;
    private final Descriptor reply;

    ClientMethod(final GrainMethod method, final String rpcName, final Descriptor request, final Descriptor reply) {
        this.method = method;
        this.rpcName = rpcName;
        this.request = request;
        this.reply = reply;
    }

    public GrainMethod method() {
        return method;
    }

    /** The name of the method's rpc in the generated .proto, e.g. {@code AddScore}. */
    public String rpcName() {
        return rpcName;
    }

    /** The request message's descriptor, or null without a schema. */
    public Descriptor request() {
        return request;
    }

    /** The reply message's descriptor, or null without a schema. */
    public Descriptor reply() {
        return reply;
    }

    @Override
    public String toString() {
        return rpcName + "=" + method;
    }
}
