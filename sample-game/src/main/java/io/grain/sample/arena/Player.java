package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A player, keyed by name: profile, rating and stats, and the items won, all stored. */
@Grain(value = "player", key = KeyType.STRING)
public interface Player {
    /** Creates (and stores) the player on first login; returns the profile either way. */
    CompletableFuture<PlayerProfile> login();

    @ReadOnly
    CompletableFuture<PlayerProfile> profile();

    /**
     * Applies a finished match to rating and stats, once: a second report of the same match (a
     * retry after a timeout, say) changes nothing and returns false. Answers once the new rating
     * and stats (and the winner's item) are stored; a failed call changed nothing anyone can see.
     */
    CompletableFuture<Boolean> recordResult(MatchOutcome outcome);

    /** The items this player won, in item id order. */
    @ReadOnly
    CompletableFuture<List<Item>> items();
}
