package io.grain.sample.arena;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One arena match, keyed by a long id. It runs on a timer-driven tick, takes moves as one-way
 * calls, and when it ends reports every player's outcome to their {@link Player} grains. Its
 * players' clients get its start, every tick and its end pushed ({@link MatchEvents}).
 */
@Grain(value = "match", key = KeyType.LONG)
public interface Match {
    /** Places the players and starts the tick; starting a started match changes nothing. */
    CompletableFuture<Void> start(List<String> players);

    /** The player's move for the next tick; the latest move before a tick counts. */
    @OneWay
    void move(String player, Move move);

    /** What anyone may see of the match (clients too: the state of a match is public). */
    @ClientCallable
    @ReadOnly
    CompletableFuture<MatchView> view();
}
