package io.grain.sample.arena;

/**
 * One player's result of one match.
 *
 * @param matchId     the match; results are applied once per match.
 * @param placement   1 for the winner.
 * @param ratingDelta the change of rating (Elo over the match's ranking).
 * @param kills       opponents this player finished off.
 */
public record MatchOutcome(long matchId, int placement, int ratingDelta, int kills) {
}
