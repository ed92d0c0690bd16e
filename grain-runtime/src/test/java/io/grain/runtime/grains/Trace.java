package io.grain.runtime.grains;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** What test grains did, in order, and futures the test completes to end their turns. Thread safe. */
public final class Trace {
    private static final List<String> EVENTS = new ArrayList<>();
    private static final Map<String, CompletableFuture<String>> GATES = new ConcurrentHashMap<>();

    private Trace() {
    }

    public static synchronized void add(final String event) {
        EVENTS.add(event);
    }

    public static synchronized List<String> events() {
        return List.copyOf(EVENTS);
    }

    public static synchronized void reset() {
        EVENTS.clear();
        GATES.clear();
    }

    /** The future a grain waits on for {@code tag}. */
    public static CompletableFuture<String> gate(final String tag) {
        return GATES.computeIfAbsent(tag, t -> new CompletableFuture<>());
    }

    public static void open(final String tag) {
        gate(tag).complete(tag);
    }
}
