package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.concurrent.CompletableFuture;

/**
 * The lobby chat's listeners: subscribed to the {@link #TOPIC} topic, it pushes each line to every
 * client that listens ({@link LobbyEvents}). Players say lines through {@link Player#say}; a client
 * listens while it watches the arena ({@link Player#watch()}). Neither method is for clients.
 */
@Grain(value = "lobby", key = KeyType.LONG)
public interface Lobby {
    /** The key of the one lobby the sample runs. */
    long ARENA = 0;
    /** The topic chat lines are published on. */
    String TOPIC = "lobby";
    /** The longest line a player may say, in chars. */
    int MAX_LINE = 200;
    /** A player may say at most this many lines in any {@link #RATE_WINDOW_MILLIS}. */
    int MAX_LINES_PER_WINDOW = 5;
    long RATE_WINDOW_MILLIS = 10_000;

    /** {@code viewer}'s client gets the lines for the next {@link Spectators#WATCH_FOR}. */
    @OneWay
    void listen(String viewer);

    /** How many clients listen now. */
    @ReadOnly
    CompletableFuture<Integer> listeners();

    /** A line from the topic. */
    @OneWay
    void onChat(ChatLine line);
}
