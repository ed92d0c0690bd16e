package io.grain.sample.arena;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.storage.GrainState;
import io.grain.storage.RecordStore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A player's profile, rating and stats, kept in a durable {@link GrainState} ({@link PlayerState});
 * applies each match's result once, also across crashes, and answers only once the result is
 * stored. Winners get an {@link Item} in the {@code items} table. For a game client it is the
 * player itself: queueing, moves and watching the arena go through it, in its own name.
 *
 * <p>Every profile this grain answers with is one that was stored (or the initial one): a result
 * is applied in memory only for the turn that writes it, and taken back if the write fails. A
 * write that finds another activation's newer state ({@code StateConflictException}) fails the
 * call, and the runtime deactivates this activation so the next call loads the stored state.
 */
public final class PlayerGrain implements Player, GrainLifecycle {
    /** How many recent matches a player remembers, to refuse a second report of one. */
    static final int REMEMBERED_MATCHES = 32;

    private final GrainContext context;
    private final String name;
    private final GrainState<PlayerState> state;
    private final RecordStore<Item> items;
    /** When this player's recent chat lines were said (clock millis), oldest first: the rate bound's window. */
    private final ArrayDeque<Long> recentLines = new ArrayDeque<>();

    public PlayerGrain(final GrainContext context) {
        this.context = context;
        this.name = context.id().stringKey();
        this.state = context.state(PlayerState.class);
        this.items = context.records(Item.class);
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        if (state.exists() && state.get().stats().matches() > 0) {
            // the board may have missed this player's last submission (its member died before storing it);
            // the board ignores a submission it is already past, so sending it again is harmless
            submitStanding(state.get());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<PlayerProfile> login() {
        if (state.exists()) {
            return CompletableFuture.completedFuture(state.get().profile());
        }
        final PlayerState initial = initial();
        state.set(initial);
        return state.write().thenApply(ignored -> initial.profile());
    }

    @Override
    public CompletableFuture<PlayerProfile> profile() {
        return CompletableFuture.completedFuture(current().profile());
    }

    @Override
    public CompletableFuture<Boolean> recordResult(final MatchOutcome outcome) {
        final PlayerState before = current();
        if (before.recentMatches().contains(outcome.matchId())) {
            return CompletableFuture.completedFuture(false);
        }
        final List<Long> recent = new ArrayList<>(Math.min(before.recentMatches().size() + 1, REMEMBERED_MATCHES));
        final int from = Math.max(0, before.recentMatches().size() + 1 - REMEMBERED_MATCHES);
        recent.addAll(before.recentMatches().subList(from, before.recentMatches().size()));
        recent.add(outcome.matchId());
        final PlayerState after = new PlayerState(name, before.rating() + outcome.ratingDelta(), before.stats().plus(outcome), recent);
        // the winner's item first: if the state write then fails, the match is reported again and
        // the item (keyed by the match) is written again as the same row; the other order could
        // mark the match applied with its item missing
        final CompletableFuture<Void> award = outcome.placement() == 1
            ? items.upsert(Item.awardFor(name, outcome)) : CompletableFuture.completedFuture(null);
        return award
            .thenCompose(ignored -> {
                state.set(after);
                return state.write();
            })
            .whenComplete((ignored, failure) -> {
                if (failure != null && state.get() == after) {
                    // not stored (or not known to be): nobody may see it; a conflict deactivates us anyway
                    state.set(before);
                }
            })
            .thenApply(ignored -> {
                submitStanding(after);
                return true;
            });
    }

    @Override
    public CompletableFuture<Void> queue() {
        return matchmaker().enqueue(name, current().rating());
    }

    @Override
    public CompletableFuture<Optional<Long>> assignment() {
        return matchmaker().assignment(name);
    }

    @Override
    public void move(final long matchId, final Move move) {
        if (move != null) {
            context.grains().get(Match.class, matchId).move(name, move);
        }
    }

    @Override
    public void watch() {
        context.grains().get(Spectators.class, Spectators.ARENA).watch(name);
        context.grains().get(Lobby.class, Lobby.ARENA).listen(name);
    }

    @Override
    public CompletableFuture<Void> say(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a chat line needs some text");
        }
        if (text.length() > Lobby.MAX_LINE) {
            throw new IllegalArgumentException("a chat line is at most " + Lobby.MAX_LINE + " chars, this one has " + text.length());
        }
        final long now = context.clock().millis();
        while (!recentLines.isEmpty() && recentLines.peekFirst() <= now - Lobby.RATE_WINDOW_MILLIS) {
            recentLines.pollFirst();
        }
        if (recentLines.size() >= Lobby.MAX_LINES_PER_WINDOW) {
            throw new IllegalStateException("at most " + Lobby.MAX_LINES_PER_WINDOW + " chat lines in "
                + Lobby.RATE_WINDOW_MILLIS / 1000 + " s; wait a little");
        }
        recentLines.addLast(now);
        return context.topics().topic(Lobby.TOPIC, ChatLine.class).publish(new ChatLine(name, text));
    }

    private Matchmaker matchmaker() {
        return context.grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION);
    }

    @Override
    public CompletableFuture<List<Item>> items() {
        return items.query(name);
    }

    private void submitStanding(final PlayerState stored) {
        context.grains().get(Leaderboard.class, Leaderboard.GLOBAL).submit(name, stored.rating(), stored.stats().matches());
    }

    private PlayerState current() {
        return state.exists() ? state.get() : initial();
    }

    private PlayerState initial() {
        return new PlayerState(name, Elo.INITIAL_RATING, PlayerStats.NONE, List.of());
    }
}
