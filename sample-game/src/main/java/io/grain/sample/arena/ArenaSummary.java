package io.grain.sample.arena;

import java.util.List;

/**
 * The arena at one moment, as the web page shows it.
 *
 * @param matches      the matches running now (the newest first, at most {@link Spectators#MAX_MATCHES_SHOWN}).
 * @param leaderboard  the best players.
 * @param members      every live member's load.
 * @param waiting      players waiting for a match.
 * @param finished     matches finished since the spectators' grain activated.
 */
public record ArenaSummary(List<MatchView> matches, List<Leaderboard.Standing> leaderboard, List<MemberLoad> members,
    int waiting, long finished) {
}
