package io.grain.sample.arena;

import io.grain.gateway.push.PushRouter;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainTimer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one arena match on a timer-driven tick. When the match ends it asks each player's rating,
 * computes the Elo changes over the final ranking and reports every outcome to its player.
 *
 * <p>A match lives only in memory: if its member crashes, the match reactivates elsewhere as
 * {@link MatchView.Status#UNKNOWN}, and because outcomes are reported only by a finished match
 * (and players apply each match once), no rating changes for it, and none changes twice. A report
 * that fails (the player's member died, or its write met a conflict) is sent again a few times.
 *
 * <p>Its players' clients get the start, every tick and the end pushed ({@link MatchEvents}), and
 * the arena's {@link Spectators} hear of its start and end.
 */
public final class MatchGrain implements Match {
    /** Time between ticks. */
    public static final Duration TICK = Duration.ofMillis(100);
    /** Pause before an outcome whose report failed is reported again (its player's member may be restarting). */
    static final Duration REPORT_RETRY = Duration.ofSeconds(1);
    /** Reports of one outcome before the match gives up on it. */
    static final int REPORT_ATTEMPTS = 20;

    private final GrainContext context;
    private final PushRouter pushes;
    private Arena arena;
    /** The push clients of the players' clients, in the players' order. */
    private List<MatchEvents> clients;
    private GrainTimer ticker;

    public MatchGrain(final GrainContext context) {
        this(context, Pushes.router(context.grains()));
    }

    /** @param pushes where the pushes to the players go (through the players' presence, for a game with gateways). */
    public MatchGrain(final GrainContext context, final PushRouter pushes) {
        this.context = context;
        this.pushes = Objects.requireNonNull(pushes, "pushes");
    }

    @Override
    public CompletableFuture<Void> start(final List<String> players) {
        if (arena == null) {
            arena = new Arena(players);
            ticker = context.timers().every(TICK, TICK, this::tick);
            final List<String> names = List.copyOf(players);
            clients = new ArrayList<>(names.size());
            for (final String player : names) {
                final MatchEvents client = new MatchEventsPush(pushes, player);
                clients.add(client);
                client.started(context.id().longKey(), names);
            }
            context.grains().get(Spectators.class, Spectators.ARENA).matchStarted(context.id().longKey(), names);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void move(final String player, final Move move) {
        if (arena != null) {
            arena.move(player, move);
        }
    }

    @Override
    public CompletableFuture<MatchView> view() {
        return CompletableFuture.completedFuture(snapshot());
    }

    private MatchView snapshot() {
        final long id = context.id().longKey();
        if (arena == null) {
            return new MatchView(id, MatchView.Status.UNKNOWN, 0, List.of(), List.of());
        }
        final boolean finished = arena.finished();
        return new MatchView(id, finished ? MatchView.Status.FINISHED : MatchView.Status.RUNNING, arena.tickCount(), arena.fighters(),
            finished ? arena.ranking() : List.of());
    }

    private void tick() {
        arena.tick();
        if (arena.finished()) {
            ticker.cancel();
            reportOutcomes(arena.ranking());
            final MatchView end = snapshot();
            clients.forEach(client -> client.ended(end));
            context.grains().get(Spectators.class, Spectators.ARENA).matchEnded(context.id().longKey());
        } else {
            final MatchView now = snapshot();
            clients.forEach(client -> client.tick(now));
        }
    }

    private void reportOutcomes(final List<String> ranking) {
        final List<CompletableFuture<PlayerProfile>> profiles = new ArrayList<>(ranking.size());
        for (final String player : ranking) {
            profiles.add(context.grains().get(Player.class, player).profile());
        }
        CompletableFuture.allOf(profiles.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            final List<Integer> ratings = new ArrayList<>(ranking.size());
            for (final CompletableFuture<PlayerProfile> profile : profiles) {
                ratings.add(profile.join().rating());
            }
            final int[] deltas = Elo.deltas(ratings);
            for (int i = 0; i < ranking.size(); i++) {
                final String player = ranking.get(i);
                report(player, new MatchOutcome(context.id().longKey(), i + 1, deltas[i], arena.kills(player)), 1);
            }
        });
    }

    /** Reports {@code outcome} until a report succeeds: players apply a match once, so a report that failed late is harmless. */
    private void report(final String player, final MatchOutcome outcome, final int attempt) {
        context.grains().get(Player.class, player).recordResult(outcome).whenComplete((ignored, failure) -> {
            if (failure != null && attempt < REPORT_ATTEMPTS) {
                context.timers().once(REPORT_RETRY, () -> report(player, outcome, attempt + 1));
            }
        });
    }
}
