package io.grain.runtime.topic;

import java.util.concurrent.CompletableFuture;

/**
 * The topic grain ({@value TopicOwnerDispatcher#KIND}, keyed by the topic's name): keeps the
 * subscriber list, in storage when the member has one, and fans each published batch out to the
 * members that have subscribers. Its dispatcher is written by hand ({@link TopicOwnerDispatcher}).
 */
interface TopicOwner {
    /** Adds a subscriber (its {@link Subscriber} text); completes when it is stored. */
    CompletableFuture<Void> subscribe(String subscriber);

    /** Removes a subscriber; completes when it is deleted from storage. */
    CompletableFuture<Void> unsubscribe(String subscriber);

    /**
     * Delivers a batch: {@code messages} is the request message as published, field 1 repeated,
     * each an encoded message. Completes when every member with subscribers took it.
     */
    CompletableFuture<Void> publish(byte[] messages);
}
