package io.grain.storage;

import java.util.Objects;

/**
 * A reminder as a {@link Storage} keeps it: the grain's kind and key (as in {@link StateKey}:
 * {@code s:alice}, {@code l:42}, {@code u:<uuid>}), the reminder's name, when its first tick is
 * due and its period (epoch and plain milliseconds), and the tick the runtime last recorded as
 * delivered ({@link #NO_TICK} when none). Ticks fall on the grid {@code startMillis + k * periodMillis}.
 */
public record StoredReminder(String kind, String key, String name, long startMillis, long periodMillis, long lastTickMillis) {
    /** {@link #lastTickMillis()} of a reminder no tick of which was recorded yet. */
    public static final long NO_TICK = Long.MIN_VALUE;

    public StoredReminder {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        if (periodMillis < 1) {
            throw new IllegalArgumentException("reminder " + kind + "/" + key + "/" + name + ": period must be positive: "
                + periodMillis + " ms");
        }
    }

    /** This reminder with {@code tick} as its last recorded tick. */
    public StoredReminder withLastTick(final long tick) {
        return new StoredReminder(kind, key, name, startMillis, periodMillis, tick);
    }

    @Override
    public String toString() {
        return kind + "/" + key + "/" + name + "{start=" + startMillis + ", period=" + periodMillis + " ms, lastTick="
            + (lastTickMillis == NO_TICK ? "none" : Long.toString(lastTickMillis)) + "}";
    }
}
