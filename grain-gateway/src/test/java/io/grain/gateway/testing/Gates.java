package io.grain.gateway.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The futures of {@link Player#slow()} calls that have started, for a test to complete when it
 * chooses. One instance per test (a field of the test's {@link PlayerGrain} factory).
 */
public final class Gates {
    private final ConcurrentLinkedQueue<CompletableFuture<Integer>> waiting = new ConcurrentLinkedQueue<>();

    CompletableFuture<Integer> enter() {
        final CompletableFuture<Integer> gate = new CompletableFuture<>();
        waiting.add(gate);
        return gate;
    }

    /** Completes every waiting call with {@code value}; returns how many there were. */
    public int openAll(final int value) {
        int opened = 0;
        CompletableFuture<Integer> gate;
        while ((gate = waiting.poll()) != null) {
            gate.complete(value);
            opened++;
        }
        return opened;
    }
}
