package io.grain.sample.arena;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A player, keyed by name: profile, rating and stats, and the items won, all stored. It is also
 * the player's own door into the game for clients of the gateway: the {@link ClientCallable}
 * methods act as this player (queue it, move its fighter), and the gateway lets a client call only
 * the player grain of its own name, so a client acts only as itself.
 */
@Grain(value = "player", key = KeyType.STRING)
public interface Player {
    /** Creates (and stores) the player on first login; returns the profile either way. */
    @ClientCallable
    CompletableFuture<PlayerProfile> login();

    @ClientCallable
    @ReadOnly
    CompletableFuture<PlayerProfile> profile();

    /** Queues this player for a match at its rating; the match is announced by a {@link MatchEvents} push. */
    @ClientCallable
    CompletableFuture<Void> queue();

    /** The match this player was put in since it last queued, if any yet (for a client that missed the push). */
    @ClientCallable
    @ReadOnly
    CompletableFuture<Optional<Long>> assignment();

    /** This player's move in match {@code matchId} for its next tick. */
    @ClientCallable
    @OneWay
    void move(long matchId, Move move);

    /**
     * This player's client wants the arena's live summary ({@link ArenaEvents}) pushed every second
     * for the next {@link Spectators#WATCH_FOR}; a client watching longer calls it again.
     */
    @ClientCallable
    @OneWay
    void watch();

    /**
     * Says {@code text} in the lobby chat as this player: published on the {@link Lobby#TOPIC}
     * topic, pushed to every listening client. Refused with {@code IllegalArgumentException} when
     * empty or longer than {@link Lobby#MAX_LINE} chars, and with {@code IllegalStateException} past
     * {@link Lobby#MAX_LINES_PER_WINDOW} lines in {@link Lobby#RATE_WINDOW_MILLIS}; nothing is published then.
     */
    @ClientCallable
    CompletableFuture<Void> say(String text);

    /**
     * Applies a finished match to rating and stats, once: a second report of the same match (a
     * retry after a timeout, say) changes nothing and returns false. Answers once the new rating
     * and stats (and the winner's item) are stored; a failed call changed nothing anyone can see.
     */
    CompletableFuture<Boolean> recordResult(MatchOutcome outcome);

    /** The items this player won, in item id order. */
    @ClientCallable
    @ReadOnly
    CompletableFuture<List<Item>> items();
}
