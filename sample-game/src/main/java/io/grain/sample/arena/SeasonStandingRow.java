package io.grain.sample.arena;

import io.grain.annotation.Stored;

/**
 * One place of a finished season's archived standings: a row of the {@code season_standings}
 * table, keyed by {@code season} ("board/season start", e.g. "0/2026-11-30") and place (1 is the
 * best). Place 0 is the season's closing mark, written last, once the board was emptied: a season
 * with that row is archived and reset, so a redelivered tick does nothing.
 */
@Stored(table = "season_standings", key = "season", subkey = "place")
public record SeasonStandingRow(String season, int place, String player, int rating) {
    /** The place of the closing mark. */
    static final int CLOSED = 0;

    static String key(final long board, final String seasonStart) {
        return board + "/" + seasonStart;
    }
}
