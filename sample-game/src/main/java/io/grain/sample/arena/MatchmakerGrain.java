package io.grain.sample.arena;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Forms matches from the queue on a timer, starts each one on its own {@link Match} grain, then
 * tells the players (through {@link #assignment}) where to play.
 */
public final class MatchmakerGrain implements Matchmaker, GrainLifecycle {
    /** Players per match. */
    public static final int MATCH_SIZE = 4;
    /** How often the queue is looked at. */
    static final Duration FORM_EVERY = Duration.ofMillis(200);

    private final GrainContext context;
    private final MatchmakingQueue queue = new MatchmakingQueue(MATCH_SIZE);
    private final Map<String, Long> assignments = new HashMap<>();
    private final Map<String, Integer> ratings = new HashMap<>();
    private long matchesFormed;

    public MatchmakerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        context.timers().every(FORM_EVERY, FORM_EVERY, this::formMatches);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> enqueue(final String player, final int rating) {
        if (player == null || player.isBlank()) {
            // refused here: a nameless entry would break the queue's ordering on every timer tick
            return CompletableFuture.failedFuture(new IllegalArgumentException("enqueue needs a player name"));
        }
        assignments.remove(player);
        ratings.put(player, rating);
        queue.add(player, rating, context.clock().millis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<Long>> assignment(final String player) {
        return CompletableFuture.completedFuture(Optional.ofNullable(assignments.get(player)));
    }

    @Override
    public CompletableFuture<Integer> waiting() {
        return CompletableFuture.completedFuture(queue.size());
    }

    private void formMatches() {
        final long now = context.clock().millis();
        for (final List<String> players : queue.formMatches(now)) {
            final long matchId = matchId(now);
            context.grains().get(Match.class, matchId).start(players).whenComplete((ignored, failure) -> {
                for (final String player : players) {
                    if (failure == null) {
                        assignments.put(player, matchId);
                        ratings.remove(player);
                    } else {
                        // the match could not start (its member is gone): back in the queue
                        queue.add(player, ratings.getOrDefault(player, Elo.INITIAL_RATING), context.clock().millis());
                    }
                }
            });
        }
    }

    /** Unique across activations of this matchmaker: region, time of forming, and a counter. */
    private long matchId(final long nowMillis) {
        return (context.id().longKey() << 56) ^ (nowMillis << 12) ^ (matchesFormed++ & 0xFFF);
    }
}
