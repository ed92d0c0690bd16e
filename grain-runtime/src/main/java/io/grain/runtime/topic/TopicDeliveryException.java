package io.grain.runtime.topic;

import java.util.Map;
import java.util.TreeMap;

/**
 * A publish that did not reach every member with subscribers: the members named here did not take
 * the batch (they died during the call, the call timed out, or they failed it); the other members
 * delivered it. A new instance per failed publish.
 */
public final class TopicDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final transient Map<Integer, Throwable> failures;

    TopicDeliveryException(final String topic, final TreeMap<Integer, Throwable> failures) {
        super(message(topic, failures), failures.firstEntry().getValue());
        this.topic = topic;
        this.failures = Map.copyOf(failures);
    }

    /** The topic published to. */
    public String topic() {
        return topic;
    }

    /** Why each member that missed the batch missed it, by member id. */
    public Map<Integer, Throwable> failures() {
        return failures;
    }

    private static String message(final String topic, final TreeMap<Integer, Throwable> failures) {
        final StringBuilder b = new StringBuilder("topic '").append(topic).append("': ").append(failures.size())
            .append(failures.size() == 1 ? " member" : " members").append(" did not take the batch:");
        for (final Map.Entry<Integer, Throwable> e : failures.entrySet()) {
            b.append(" member ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return b.toString();
    }
}
