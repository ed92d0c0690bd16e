package io.grain.sample.bots;

import io.grain.runtime.GrainFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Many bots on one scheduler thread, calling grains through one {@link GrainFactory}. */
public final class BotSwarm implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "bot-swarm");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Bot> bots = new ArrayList<>();
    private final SwarmStats stats = new SwarmStats();

    /** Starts {@code count} bots named {@code prefix0..}, spread over the first second. */
    public BotSwarm(final GrainFactory grains, final int count, final String prefix) {
        for (int i = 0; i < count; i++) {
            final Bot bot = new Bot(prefix + i, grains, scheduler, stats);
            bots.add(bot);
            scheduler.schedule(bot::start, i * 1000L / Math.max(1, count), TimeUnit.MILLISECONDS);
        }
    }

    public SwarmStats stats() {
        return stats;
    }

    /**
     * Each bot's player name and the newest profile it read (players that never logged in are
     * left out). Call after {@link #close()}: the bots' steps have stopped then.
     */
    public java.util.Map<String, io.grain.sample.arena.PlayerProfile> acknowledgedProfiles() {
        final java.util.Map<String, io.grain.sample.arena.PlayerProfile> profiles = new java.util.TreeMap<>();
        for (final Bot bot : bots) {
            if (bot.acknowledged() != null) {
                profiles.put(bot.name(), bot.acknowledged());
            }
        }
        return profiles;
    }

    /** Stops every bot; calls in flight complete and are counted, nothing new starts. */
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
