package io.grain.sample.arena;

import io.grain.gateway.push.PushRouter;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Subscribes itself to the {@link Lobby#TOPIC} topic on activation and pushes each line to every
 * listener whose listening has not run out. In memory only: after a crash of its member the topic
 * activates it elsewhere with its next line, and listeners renew themselves as they watch.
 * Single-threaded: runs on its activation's thread.
 */
public final class LobbyGrain implements Lobby, GrainLifecycle {
    private final GrainContext context;
    private final PushRouter pushes;
    /** Each listener's push client, and until when (clock millis) it listens. */
    private final Map<String, Listener> listeners = new HashMap<>();

    private static final class Listener {
        final LobbyEvents client;
        long until;

        Listener(final LobbyEvents client) {
            this.client = client;
        }
    }

    public LobbyGrain(final GrainContext context) {
        this(context, Pushes.router(context.grains()));
    }

    /** @param pushes where the lines go (through the listeners' presence, for a game with gateways). */
    public LobbyGrain(final GrainContext context, final PushRouter pushes) {
        this.context = context;
        this.pushes = Objects.requireNonNull(pushes, "pushes");
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        return context.topics().topic(TOPIC, ChatLine.class)
            .subscribe(context.self(Lobby.class), Lobby::onChat).thenApply(subscription -> null);
    }

    @Override
    public void listen(final String viewer) {
        if (viewer != null && !viewer.isEmpty()) {
            listeners.computeIfAbsent(viewer, v -> new Listener(new LobbyEventsPush(pushes, v))).until =
                context.clock().millis() + Spectators.WATCH_FOR.toMillis();
        }
    }

    @Override
    public CompletableFuture<Integer> listeners() {
        final long now = context.clock().millis();
        listeners.values().removeIf(listener -> listener.until < now);
        return CompletableFuture.completedFuture(listeners.size());
    }

    @Override
    public void onChat(final ChatLine line) {
        final long now = context.clock().millis();
        listeners.values().removeIf(listener -> listener.until < now);
        for (final Listener listener : listeners.values()) {
            listener.client.line(line);
        }
    }
}
