package io.grain.sample.arena;

import java.util.List;

/**
 * What anyone may see of a match.
 *
 * @param status   whether it runs, ended, or is unknown here (never started, or lost with a crashed member).
 * @param ranking  player names, winner first, once the match ended.
 */
public record MatchView(long matchId, Status status, int tick, List<Fighter> fighters, List<String> ranking) {
    /** Where a match stands. */
    public enum Status { RUNNING, FINISHED, UNKNOWN }

    /** One fighter on the grid. */
    public record Fighter(String player, int x, int y, int health, int kills) {
    }
}
