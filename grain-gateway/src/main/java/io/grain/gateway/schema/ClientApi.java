package io.grain.gateway.schema;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.member.Dispatchers;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a gateway offers to clients: the exposed grain kinds with their client-callable
 * methods, as the processor recorded them in each dispatcher's {@link GrainMethod#clientCallable()}
 * (from {@code @ClientCallable}). Built once when the gateway starts; immutable and shared by every
 * event loop after.
 */
public final class ClientApi {
    private final Map<String, ClientKind> kinds;

    private ClientApi(final Map<String, ClientKind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /** The exposed kind called {@code kind}, or null. */
    public ClientKind kind(final String kind) {
        return kinds.get(kind);
    }

    public Map<String, ClientKind> kinds() {
        return kinds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects exposed interfaces. Not thread safe. */
    public static final class Builder {
        private final Map<String, ClientKind> kinds = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Exposes the client-callable methods of {@code grainInterface}, with {@code schema} (its
         * descriptor set, see {@link GrainSchemas}) for the JSON format, or null for protobuf only.
         *
         * @throws IllegalArgumentException when it is not a @Grain interface with a generated
         *         dispatcher, has no client-callable method, is exposed twice, or the schema does
         *         not describe it.
         */
        public Builder expose(final Class<?> grainInterface, final FileDescriptorSet schema) {
            final GrainDispatcher<?> dispatcher = Dispatchers.of(grainInterface);
            if (kinds.containsKey(dispatcher.kind())) {
                throw new IllegalArgumentException("grain kind '" + dispatcher.kind() + "' is exposed twice");
            }
            final ServiceDescriptor service = schema == null ? null : GrainSchemas.service(schema, GrainSchemas.serviceName(grainInterface));
            final Map<String, Integer> nameCounts = new HashMap<>();
            for (final GrainMethod m : dispatcher.methods()) {
                nameCounts.merge(m.name(), 1, Integer::sum);
            }
            final Map<String, ClientMethod> byName = new HashMap<>();
            final Int2ObjectHashMap<ClientMethod> byId = new Int2ObjectHashMap<>();
            final List<ClientMethod> methods = new ArrayList<>();
            for (final GrainMethod m : dispatcher.methods()) {
                if (!m.clientCallable()) {
                    continue;
                }
                final boolean overloaded = nameCounts.get(m.name()) > 1;
                final String rpcName = Character.toUpperCase(m.name().charAt(0)) + m.name().substring(1)
                    + (overloaded ? "_" + Integer.toHexString(m.id()) : "");
                ClientMethod method;
                if (service != null) {
                    final MethodDescriptor rpc = service.findMethodByName(rpcName);
                    if (rpc == null) {
                        throw new IllegalArgumentException("the schema of " + grainInterface.getName() + " has no rpc " + rpcName
                            + " for " + m.signature() + "; is it the schema of this version of the interface?");
                    }
                    method = new ClientMethod(m, rpcName, rpc.getInputType(), rpc.getOutputType());
                } else {
                    method = new ClientMethod(m, rpcName, null, null);
                }
                methods.add(method);
                byName.put(rpcName, method);
                if (!overloaded) {
                    byName.put(m.name(), method);
                }
                byId.put(m.id(), method);
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException(grainInterface.getName() + " has no @ClientCallable method; annotate the "
                    + "interface or the methods clients may call with @io.grain.annotation.ClientCallable");
            }
            kinds.put(dispatcher.kind(), new ClientKind(dispatcher, byName, byId, methods));
            return this;
        }

        public ClientApi build() {
            return new ClientApi(kinds);
        }
    }
}
