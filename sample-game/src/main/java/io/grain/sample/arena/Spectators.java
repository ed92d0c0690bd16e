package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;

import java.time.Duration;
import java.util.List;

/**
 * Who watches the arena, and the matches running in it: every second it pushes an
 * {@link ArenaSummary} to each watcher ({@link ArenaEvents}). Matches tell it when they start and
 * end; players tell it when their client wants to watch ({@link Player#watch()}).
 */
@Grain(value = "spectators", key = KeyType.LONG)
public interface Spectators {
    /** The key of the one arena the sample runs. */
    long ARENA = 0;
    /** How long one {@link #watch} lasts. */
    Duration WATCH_FOR = Duration.ofSeconds(30);
    /** How many running matches a summary shows at most. */
    int MAX_MATCHES_SHOWN = 12;

    @OneWay
    void watch(String viewer);

    @OneWay
    void matchStarted(long matchId, List<String> players);

    @OneWay
    void matchEnded(long matchId);
}
