package io.grain.benchmarks.grains;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/**
 * The gateway benchmark's grain, one per connected player (keyed by the player id): game clients
 * call it through the gateway.
 */
@Grain("gw_player")
@ClientCallable
public interface GatewayPlayer {
    /** Answers {@code value}: a call through the gateway and back. */
    CompletableFuture<Integer> echo(int value);

    /** Pushes {@code count} {@link Ticks#tick} events to {@code player}, then answers {@code count}. */
    CompletableFuture<Integer> burst(String player, int count);
}
