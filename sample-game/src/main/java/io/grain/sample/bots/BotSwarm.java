package io.grain.sample.bots;

import io.grain.sample.arena.PlayerProfile;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Many bots, each a game client with a WebSocket connection to a member's gateway, spread over
 * the gateways; their steps run on one scheduler thread.
 */
public final class BotSwarm implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "bot-swarm");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Bot> bots = new ArrayList<>();
    private final SwarmStats stats = new SwarmStats();

    /**
     * Starts {@code count} bots named {@code prefix0..}, spread over the first second.
     *
     * @param gateways the live gateways' WebSocket URLs ({@code ws://host:port/grain}); asked again
     *                 whenever a bot (re)connects, so it may change as members die and come back.
     * @param tokens   a token for a bot's name (the game's login, for bots).
     */
    public BotSwarm(final Supplier<List<String>> gateways, final Function<String, String> tokens, final int count, final String prefix) {
        for (int i = 0; i < count; i++) {
            final String name = prefix + i;
            final Bot bot = new Bot(name, tokens.apply(name), i, gateways, http, scheduler, stats);
            bots.add(bot);
            scheduler.schedule(bot::start, i * 1000L / Math.max(1, count), TimeUnit.MILLISECONDS);
        }
    }

    public SwarmStats stats() {
        return stats;
    }

    /** How many bots are connected to the gateway at {@code url} now. Any thread. */
    public int connectedTo(final String url) {
        int count = 0;
        for (final Bot bot : bots) {
            if (url != null && url.equals(bot.connectedTo())) {
                count++;
            }
        }
        return count;
    }

    /**
     * Each bot's player name and the newest profile it read (players that never logged in are
     * left out). Call after {@link #close()}: the bots' steps have stopped then.
     */
    public Map<String, PlayerProfile> acknowledgedProfiles() {
        final Map<String, PlayerProfile> profiles = new TreeMap<>();
        for (final Bot bot : bots) {
            if (bot.acknowledged() != null) {
                profiles.put(bot.name(), bot.acknowledged());
            }
        }
        return profiles;
    }

    /** Stops every bot and closes its connection: nothing new starts, and calls still in flight are not counted. */
    @Override
    public void close() {
        scheduler.execute(() -> bots.forEach(Bot::stop));
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
