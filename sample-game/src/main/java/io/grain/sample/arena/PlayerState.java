package io.grain.sample.arena;

import io.grain.annotation.Stored;

import java.util.List;

/**
 * What a {@link PlayerGrain} stores (its grain state, {@code player_state}): the profile, and the
 * ids of the matches it applied most recently, so a match reported again after a crash or a retry
 * is recognised and applied once. Components are appended at the end only (docs/DESIGN.md §8).
 *
 * @param recentMatches the last {@link PlayerGrain#REMEMBERED_MATCHES} match ids applied, oldest first.
 */
@Stored
public record PlayerState(String name, int rating, PlayerStats stats, List<Long> recentMatches) {
    public PlayerProfile profile() {
        return new PlayerProfile(name, rating, stats);
    }
}
