package io.grain.sample.arena;

import io.grain.annotation.ClientObserver;
import io.grain.annotation.OneWay;

/**
 * What the arena pushes to clients that watch it (observer kind {@code arena_events}): a summary
 * every second, from {@link Spectators}.
 */
@ClientObserver(ArenaEvents.OBSERVER)
public interface ArenaEvents {
    /** The observer kind pushes carry. */
    String OBSERVER = "arena_events";

    @OneWay
    void summary(ArenaSummary summary);
}
