package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.topic.Topic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class ListenerGrain implements Listener {
    private final GrainContext context;

    public ListenerGrain(final GrainContext context) {
        this.context = context;
    }

    private Topic<ChatLine> topic(final String name) {
        return context.topics().topic(name, ChatLine.class);
    }

    @Override
    public void onChat(final ChatLine line) {
        if ("boom".equals(line.text())) {
            throw new IllegalStateException("listener " + context.id().stringKey() + " fails on purpose");
        }
        Received.add(context.id().stringKey(), line.from() + ":" + line.seq());
    }

    @Override
    public void note(final String text) {
        Received.add(context.id().stringKey(), text);
    }

    @Override
    public CompletableFuture<Void> join(final String topic) {
        return topic(topic).subscribe(context.self(Listener.class), Listener::onChat).thenApply(s -> null);
    }

    @Override
    public CompletableFuture<Void> leave(final String topic) {
        return topic(topic).unsubscribe(context.self(Listener.class), Listener::onChat);
    }

    @Override
    public CompletableFuture<Void> joinWithWrongMethod(final String topic) {
        return topic(topic).subscribe(context.self(Listener.class), (l, line) -> l.note("x")).thenApply(s -> null);
    }

    @Override
    public CompletableFuture<Void> say(final String topic, final int from, final int to) {
        final Topic<ChatLine> t = topic(topic);
        final List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sent.add(t.publish(new ChatLine(context.id().stringKey(), i, "hi")));
        }
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]));
    }
}
