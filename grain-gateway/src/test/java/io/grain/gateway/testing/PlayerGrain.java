package io.grain.gateway.testing;

import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class PlayerGrain implements Player {
    private final GrainContext context;
    private final Gates gates;
    private int score;
    private int coins;
    private int heartbeats;

    public PlayerGrain(final GrainContext context, final Gates gates) {
        this.context = context;
        this.gates = gates;
    }

    @Override
    public CompletableFuture<Integer> addScore(final int delta) {
        score += delta;
        return CompletableFuture.completedFuture(score);
    }

    @Override
    public CompletableFuture<Profile> profile() {
        return CompletableFuture.completedFuture(new Profile(context.id().keyAsString(), score, List.of("coins:" + coins)));
    }

    @Override
    public CompletableFuture<String> echo(final String text) {
        return CompletableFuture.completedFuture(text);
    }

    @Override
    public CompletableFuture<String> greet(final String name) {
        return CompletableFuture.completedFuture("hello " + name);
    }

    @Override
    public CompletableFuture<String> greet(final String name, final int times) {
        return CompletableFuture.completedFuture(("hello " + name + " ").repeat(times).trim());
    }

    @Override
    public CompletableFuture<Void> fail(final String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public CompletableFuture<Integer> slow() {
        return gates.enter();
    }

    @Override
    public void heartbeat(final long nowMillis) {
        heartbeats++;
    }

    @Override
    public CompletableFuture<Integer> grantCoins(final int coins) {
        this.coins += coins;
        return CompletableFuture.completedFuture(this.coins);
    }

    @Override
    public CompletableFuture<Integer> heartbeats() {
        return CompletableFuture.completedFuture(heartbeats);
    }
}
