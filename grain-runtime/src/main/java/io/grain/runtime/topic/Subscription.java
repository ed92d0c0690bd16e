package io.grain.runtime.topic;

import java.util.concurrent.CompletableFuture;

/**
 * One subscription to a topic, a grain's method or an outside consumer. {@link #close()}
 * unsubscribes: an outside consumer stops getting messages at once, and the topic forgets the
 * subscriber (in storage too) when the returned future completes.
 *
 * <p>Thread ownership: any thread; the counters are those of an outside consumer (zero for a grain,
 * whose failures are its one-way calls' failures).
 */
public final class Subscription {
    private final Topic<?> topic;
    private final Subscriber subscriber;
    private final LocalConsumer<?> consumer;

    Subscription(final Topic<?> topic, final Subscriber subscriber, final LocalConsumer<?> consumer) {
        this.topic = topic;
        this.subscriber = subscriber;
        this.consumer = consumer;
    }

    /** The topic's name. */
    public String topic() {
        return topic.name();
    }

    /** Unsubscribes; completes when the topic removed the subscriber (and storage deleted it). */
    public CompletableFuture<Void> close() {
        if (consumer != null) {
            topic.topics().removeConsumer(consumer);
        }
        return topic.unsubscribe(subscriber);
    }

    /** Messages an outside consumer's callback took without throwing. */
    public long delivered() {
        return consumer == null ? 0 : consumer.delivered();
    }

    /** Messages an outside consumer's callback threw on (or that did not decode); each was dropped. */
    public long failures() {
        return consumer == null ? 0 : consumer.failures();
    }

    /** Messages dropped because an outside consumer was {@link Topics#CONSUMER_QUEUE_CAPACITY} behind. */
    public long dropped() {
        return consumer == null ? 0 : consumer.dropped();
    }

    @Override
    public String toString() {
        return "Subscription{" + topic.name() + ", " + subscriber + "}";
    }
}
