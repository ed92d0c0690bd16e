package io.grain.sample.arena;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The best players by rating, keyed by board (0 is the global board); its standings are stored. */
@Grain(value = "leaderboard", key = KeyType.LONG)
public interface Leaderboard {
    /** The key of the board every player is on. */
    long GLOBAL = 0;

    /**
     * A player's rating after {@code matches} matches. A submission with fewer matches than the
     * board already has for the player is older news and changes nothing.
     */
    @OneWay
    void submit(String player, int rating, int matches);

    @ClientCallable
    @ReadOnly
    CompletableFuture<List<Standing>> top(int count);

    /** A player's place on the board. */
    record Standing(String player, int rating) {
    }
}
