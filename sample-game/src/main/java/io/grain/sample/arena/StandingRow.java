package io.grain.sample.arena;

import io.grain.annotation.Stored;

/**
 * One player's place on a leaderboard as stored: a row of the {@code standings} table, keyed by
 * board and player. {@code matches} is how many matches the rating counts, so a submission older
 * than what the board has never replaces it.
 */
@Stored(table = "standings", key = "board", subkey = "player")
public record StandingRow(long board, String player, int rating, int matches) {
}
