package io.grain.runtime.topic;

/**
 * The failure of one message of a {@link BatchingProducer} whose batch failed on every attempt;
 * the cause is the last attempt's. A new instance per message, so callers never share one.
 */
public final class TopicPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TopicPublishException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
