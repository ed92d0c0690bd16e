package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.ReadOnly;

import java.util.concurrent.CompletableFuture;

/** A player, keyed by name: profile, rating and stats. */
@Grain("player")
public interface Player {
    /** Creates the player on first login; returns the profile either way. */
    CompletableFuture<PlayerProfile> login();

    @ReadOnly
    CompletableFuture<PlayerProfile> profile();

    /**
     * Applies a finished match to rating and stats, once: a second report of the same match (a
     * retry after a timeout, say) changes nothing and returns false.
     */
    CompletableFuture<Boolean> recordResult(MatchOutcome outcome);
}
