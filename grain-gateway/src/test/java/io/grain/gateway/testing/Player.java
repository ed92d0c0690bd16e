package io.grain.gateway.testing;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A grain behind the gateway in tests: some methods for clients, one only for grains. */
@Grain("player")
public interface Player {
    record Profile(String name, int score, List<String> badges) {
    }

    @ClientCallable
    CompletableFuture<Integer> addScore(int delta);

    @ClientCallable
    @ReadOnly
    CompletableFuture<Profile> profile();

    @ClientCallable
    CompletableFuture<String> echo(String text);

    @ClientCallable
    CompletableFuture<String> greet(String name);

    @ClientCallable
    CompletableFuture<String> greet(String name, int times);

    /** Fails with an {@link IllegalStateException} carrying {@code message}. */
    @ClientCallable
    CompletableFuture<Void> fail(String message);

    /** Completes when the test opens the gate ({@link Gates}). */
    @ClientCallable
    CompletableFuture<Integer> slow();

    @ClientCallable
    @OneWay
    void heartbeat(long nowMillis);

    /** Not client-callable: only grains may grant coins. */
    CompletableFuture<Integer> grantCoins(int coins);

    /** How many heartbeats arrived; not client-callable. */
    CompletableFuture<Integer> heartbeats();
}
