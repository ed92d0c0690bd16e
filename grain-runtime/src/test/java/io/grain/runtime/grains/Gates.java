package io.grain.runtime.grains;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Futures a test completes by name, so a grain's reply waits on the test. */
public final class Gates {
    private static final ConcurrentMap<String, CompletableFuture<String>> GATES = new ConcurrentHashMap<>();

    private Gates() {
    }

    public static CompletableFuture<String> gate(final String name) {
        return GATES.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    public static void open(final String name, final String value) {
        gate(name).complete(value);
    }
}
