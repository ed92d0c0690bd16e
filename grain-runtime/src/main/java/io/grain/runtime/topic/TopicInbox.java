package io.grain.runtime.topic;

import java.util.concurrent.CompletableFuture;

/**
 * A member's delivery endpoint of one topic ({@value TopicInboxDispatcher#KIND}, keyed by the
 * topic's name, one activation pinned to each member): takes a batch once from the topic grain and
 * delivers it to the subscribers on its member.
 */
interface TopicInbox {
    /**
     * Delivers a batch: {@code batch} is the request message, {@code { repeated bytes message = 1;
     * repeated string grain_subscriber = 2; }}. Completes once the batch is handed to every local
     * subscriber (not when they have handled it).
     */
    CompletableFuture<Void> deliver(byte[] batch);
}
