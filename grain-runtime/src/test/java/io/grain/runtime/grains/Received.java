package io.grain.runtime.grains;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each {@link ListenerGrain} got, by grain key, kept outside the activations so it survives them. */
public final class Received {
    private static final Map<String, List<String>> BY_KEY = new ConcurrentHashMap<>();

    private Received() {
    }

    public static void reset() {
        BY_KEY.clear();
    }

    static void add(final String key, final String line) {
        BY_KEY.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(line);
    }

    public static List<String> of(final String key) {
        final List<String> lines = BY_KEY.get(key);
        if (lines == null) {
            return List.of();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
