package io.grain.benchmarks.scenario;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments of a scenario's child JVM (the harness writes them; no parser needed). */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(final String[] args, final int from) {
        for (int i = from; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value: " + args[i]);
            }
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
    }

    String get(final String key, final String fallback) {
        return values.getOrDefault(key, fallback);
    }

    String require(final String key) {
        final String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + "=...");
        }
        return value;
    }

    int integer(final String key, final int fallback) {
        return Integer.parseInt(get(key, String.valueOf(fallback)));
    }

    long millisAsNanos(final String key, final long fallbackMillis) {
        return Long.parseLong(get(key, String.valueOf(fallbackMillis))) * 1_000_000L;
    }
}
