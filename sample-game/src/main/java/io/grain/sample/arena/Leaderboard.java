package io.grain.sample.arena;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The best players by rating, keyed by board (0 is the global board); its standings are stored.
 * The board runs in weekly {@link Season seasons}: at each boundary its top {@link #ARCHIVED}
 * standings are archived and the board starts empty.
 */
@Grain(value = "leaderboard", key = KeyType.LONG)
public interface Leaderboard {
    /** The key of the board every player is on. */
    long GLOBAL = 0;
    /** How many of a season's best standings are archived when it ends. */
    int ARCHIVED = 100;

    /**
     * A player's rating after {@code matches} matches. A submission with fewer matches than the
     * board already has for the player is older news and changes nothing.
     */
    @OneWay
    void submit(String player, int rating, int matches);

    @ClientCallable
    @ReadOnly
    CompletableFuture<List<Standing>> top(int count);

    /**
     * The top standings of a finished season as archived when it ended, best first; empty for a
     * season that is not archived.
     *
     * @param seasonStart the ISO date of the season's Monday, e.g. "2026-11-30" (see {@link Season})
     */
    @ClientCallable
    @ReadOnly
    CompletableFuture<List<Standing>> season(String seasonStart);

    /** A player's place on the board. */
    record Standing(String player, int rating) {
    }
}
