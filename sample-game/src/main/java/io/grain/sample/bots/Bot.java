package io.grain.sample.bots;

import io.grain.runtime.GrainFactory;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchView;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.Move;
import io.grain.sample.arena.Move.Direction;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerProfile;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated game client: logs in, queues, waits for its match, then each tick looks at the
 * arena and sends a move (toward the nearest opponent, attacking when next to one) until the match
 * ends, and queues again. It depends only on grain interfaces and a {@link GrainFactory}, as any
 * game client or gateway would.
 *
 * <p>It also checks that its player's data is never lost: every profile it reads was stored before
 * the player answered (a player answers a result only once it is written), so the matches played
 * it sees may only grow; it remembers the newest profile it read ({@link #acknowledged()}). A
 * winner looks at its items after the match.
 *
 * <p>All of a bot's steps run on the swarm's scheduler thread: replies are handed back to it, so a
 * bot's state needs no locks; {@link #acknowledged()} is read after the scheduler stopped.
 */
final class Bot {
    static final long POLL_MILLIS = 100;

    private final String name;
    private final GrainFactory grains;
    private final ScheduledExecutorService scheduler;
    private final SwarmStats stats;
    private final Matchmaker matchmaker;
    private final Player player;
    private volatile boolean running = true;
    private PlayerProfile acknowledged;

    Bot(final String name, final GrainFactory grains, final ScheduledExecutorService scheduler, final SwarmStats stats) {
        this.name = name;
        this.grains = grains;
        this.scheduler = scheduler;
        this.stats = stats;
        this.matchmaker = grains.get(Matchmaker.class, Matchmaker.DEFAULT_REGION);
        this.player = grains.get(Player.class, name);
    }

    String name() {
        return name;
    }

    /** The newest profile this bot read from its player (null before its first login). */
    PlayerProfile acknowledged() {
        return acknowledged;
    }

    void start() {
        stats.botOnline();
        queue();
    }

    void stop() {
        if (running) {
            running = false;
            stats.botOffline();
        }
    }

    private void queue() {
        call(player.login(), profile -> {
            read(profile);
            call(matchmaker.enqueue(name, profile.rating()), ignored -> awaitMatch(), this::queue);
        }, this::queue);
    }

    /** Remembers the newest profile read; one with fewer matches (or the same with another rating) is data lost. */
    private void read(final PlayerProfile profile) {
        if (acknowledged != null && (profile.stats().matches() < acknowledged.stats().matches()
            || (profile.stats().matches() == acknowledged.stats().matches() && profile.rating() != acknowledged.rating()))) {
            stats.profileWentBack(name);
            return;
        }
        acknowledged = profile;
    }

    /** After a won match the winner looks at its items, as a game client would show them. */
    private void lookAtItems() {
        call(player.items(), items -> queue(), this::queue);
    }

    private void awaitMatch() {
        call(matchmaker.assignment(name), assignment -> {
            if (assignment.isPresent()) {
                play(grains.get(Match.class, assignment.get()));
            } else {
                later(this::awaitMatch);
            }
        }, this::awaitMatch);
    }

    private void play(final Match match) {
        call(match.view(), view -> {
            switch (view.status()) {
                case RUNNING -> {
                    match.move(name, nextMove(view));
                    later(() -> play(match));
                }
                case FINISHED -> {
                    if (view.ranking().get(0).equals(name)) {
                        stats.matchFinished(); // counted once, by the winner
                        lookAtItems();
                    } else {
                        queue();
                    }
                }
                default -> {
                    // the match was lost with a crashed member: find a new one
                    stats.matchLost(view.matchId());
                    queue();
                }
            }
        }, () -> play(match));
    }

    private Move nextMove(final MatchView view) {
        MatchView.Fighter self = null;
        for (final MatchView.Fighter f : view.fighters()) {
            if (f.player().equals(name)) {
                self = f;
            }
        }
        if (self == null || self.health() == 0) {
            return Move.STAY;
        }
        MatchView.Fighter nearest = null;
        int best = Integer.MAX_VALUE;
        for (final MatchView.Fighter f : view.fighters()) {
            final int distance = Math.max(Math.abs(f.x() - self.x()), Math.abs(f.y() - self.y()));
            if (f != self && f.health() > 0 && distance < best) {
                best = distance;
                nearest = f;
            }
        }
        if (nearest == null) {
            return Move.STAY;
        }
        if (best <= 1) {
            return new Move(Direction.NONE, true);
        }
        final int dx = nearest.x() - self.x();
        final int dy = nearest.y() - self.y();
        final Direction step = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? Direction.EAST : Direction.WEST)
            : (dy > 0 ? Direction.SOUTH : Direction.NORTH);
        return new Move(step, false);
    }

    /** Times a call and continues on the scheduler: with its value, or after a pause with {@code retry}. */
    private <T> void call(final CompletionStage<T> reply, final Consumer<T> next, final Runnable retry) {
        final long start = System.nanoTime();
        reply.whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                stats.callSucceeded(System.nanoTime() - start);
                if (running) {
                    next.accept(value);
                }
            } else {
                stats.callFailed();
                later(retry);
            }
        }, scheduler);
    }

    private void later(final Runnable step) {
        if (running) {
            scheduler.schedule(step, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
