package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;

/**
 * What the arena pushes to clients that watch it (observer kind {@code arena_events}): a summary
 * every second. Declared as a {@code @Grain} interface for its codec and {@code .proto}, like
 * {@link MatchEvents}; never registered as a grain.
 */
@Grain(value = ArenaEvents.OBSERVER, key = KeyType.STRING)
public interface ArenaEvents {
    /** The observer kind pushes carry. */
    String OBSERVER = "arena_events";

    @OneWay
    void summary(ArenaSummary summary);
}
