package io.grain.sample.arena;

/** Lifetime numbers of a player. */
public record PlayerStats(int matches, int wins, int kills) {
    public static final PlayerStats NONE = new PlayerStats(0, 0, 0);

    PlayerStats plus(final MatchOutcome outcome) {
        return new PlayerStats(matches + 1, wins + (outcome.placement() == 1 ? 1 : 0), kills + outcome.kills());
    }
}
