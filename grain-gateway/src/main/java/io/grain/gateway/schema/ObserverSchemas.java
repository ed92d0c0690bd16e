package io.grain.gateway.schema;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;

import java.util.HashMap;
import java.util.Map;

/**
 * The observer interfaces grains push through: for each observer kind, its methods by rpc name and
 * the descriptor of each method's message (a push carries the method's request message). Built
 * once when the gateway starts; immutable and shared after.
 */
public final class ObserverSchemas {
    private final Map<String, Map<String, Descriptor>> observers;

    private ObserverSchemas(final Map<String, Map<String, Descriptor>> observers) {
        this.observers = Map.copyOf(observers);
    }

    /** The message type of {@code method} of {@code observer}, or null when there is no such method. */
    public Descriptor message(final String observer, final String method) {
        final Map<String, Descriptor> methods = observers.get(observer);
        return methods == null ? null : methods.get(method);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Not thread safe. */
    public static final class Builder {
        private final Map<String, Map<String, Descriptor>> observers = new HashMap<>();

        private Builder() {
        }

        /**
         * Registers observer kind {@code kind}: each rpc of {@code service} is a push method whose
         * message is the rpc's input type.
         */
        public Builder add(final String kind, final ServiceDescriptor service) {
            if (kind == null || kind.isEmpty()) {
                throw new IllegalArgumentException("an observer kind must be a non-empty string");
            }
            if (observers.containsKey(kind)) {
                throw new IllegalArgumentException("observer kind '" + kind + "' is registered twice");
            }
            final Map<String, Descriptor> methods = new HashMap<>();
            for (final MethodDescriptor rpc : service.getMethods()) {
                methods.put(rpc.getName(), rpc.getInputType());
            }
            observers.put(kind, Map.copyOf(methods));
            return this;
        }

        public ObserverSchemas build() {
            return new ObserverSchemas(observers);
        }
    }
}
