package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;

import java.util.concurrent.CompletableFuture;

/** A grain that subscribes itself to topics and records what it gets (in {@link Received}). */
@Grain("listener")
public interface Listener {
    /** The subscriber method: throws on a line whose text is "boom". */
    @OneWay
    void onChat(ChatLine line);

    @OneWay
    void note(String text);

    /** Subscribes this grain's {@link #onChat} to {@code topic}. */
    CompletableFuture<Void> join(String topic);

    CompletableFuture<Void> leave(String topic);

    /** Subscribes with a method that is not a one-way method taking the message; fails. */
    CompletableFuture<Void> joinWithWrongMethod(String topic);

    /** Publishes lines {@code from..to-1} one by one from this grain's turn, without waiting in between. */
    CompletableFuture<Void> say(String topic, int from, int to);
}
