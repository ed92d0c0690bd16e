package io.grain.gateway.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The futures of {@link Player#slow()} calls that have started, for a test to complete when it
 * chooses. One instance per test (a field of the test's {@link PlayerGrain} factory).
 */
public final class Gates {
    private final ConcurrentLinkedQueue<CompletableFuture<Integer>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();

    CompletableFuture<Integer> enter() {
        final CompletableFuture<Integer> gate = new CompletableFuture<>();
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        waiting.add(gate);
        return gate;
    }

    /** Calls waiting now. */
    public int waiting() {
        return inside.get();
    }

    /** The most calls that ever waited at once. */
    public int mostWaiting() {
        return mostInside.get();
    }

    /** Completes every waiting call with {@code value}; returns how many there were. */
    public int openAll(final int value) {
        int opened = 0;
        CompletableFuture<Integer> gate;
        while ((gate = waiting.poll()) != null) {
            inside.decrementAndGet();
            gate.complete(value);
            opened++;
        }
        return opened;
    }
}
