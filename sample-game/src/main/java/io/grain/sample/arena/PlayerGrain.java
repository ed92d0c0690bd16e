package io.grain.sample.arena;

import io.grain.runtime.GrainContext;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A player's profile, rating and stats; applies each match's result once. */
public final class PlayerGrain implements Player {
    /** How many recent matches a player remembers, to refuse a second report of one. */
    static final int REMEMBERED_MATCHES = 32;

    private final GrainContext context;
    private final String name;
    private final ArrayDeque<Long> recentMatches = new ArrayDeque<>();
    private final Set<Long> applied = new HashSet<>();
    private PlayerProfile profile;

    public PlayerGrain(final GrainContext context) {
        this.context = context;
        this.name = context.id().stringKey();
        this.profile = new PlayerProfile(name, Elo.INITIAL_RATING, PlayerStats.NONE);
    }

    @Override
    public CompletableFuture<PlayerProfile> login() {
        return CompletableFuture.completedFuture(profile);
    }

    @Override
    public CompletableFuture<PlayerProfile> profile() {
        return CompletableFuture.completedFuture(profile);
    }

    @Override
    public CompletableFuture<Boolean> recordResult(final MatchOutcome outcome) {
        if (!applied.add(outcome.matchId())) {
            return CompletableFuture.completedFuture(false);
        }
        recentMatches.addLast(outcome.matchId());
        if (recentMatches.size() > REMEMBERED_MATCHES) {
            applied.remove(recentMatches.removeFirst());
        }
        profile = new PlayerProfile(name, profile.rating() + outcome.ratingDelta(), profile.stats().plus(outcome));
        context.grains().get(Leaderboard.class, Leaderboard.GLOBAL).submit(name, profile.rating());
        return CompletableFuture.completedFuture(true);
    }
}
