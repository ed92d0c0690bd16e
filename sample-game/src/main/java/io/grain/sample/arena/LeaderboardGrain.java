package io.grain.sample.arena;

import io.grain.runtime.GrainContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** Every player's latest rating, ordered best first. */
public final class LeaderboardGrain implements Leaderboard {
    private static final Comparator<Standing> BEST_FIRST =
        Comparator.comparingInt(Standing::rating).reversed().thenComparing(Standing::player);

    private final Map<String, Standing> byPlayer = new HashMap<>();
    private final TreeSet<Standing> ordered = new TreeSet<>(BEST_FIRST);

    public LeaderboardGrain(final GrainContext context) {
    }

    @Override
    public void submit(final String player, final int rating) {
        final Standing previous = byPlayer.put(player, new Standing(player, rating));
        if (previous != null) {
            ordered.remove(previous);
        }
        ordered.add(byPlayer.get(player));
    }

    @Override
    public CompletableFuture<List<Standing>> top(final int count) {
        final List<Standing> top = new ArrayList<>(Math.min(Math.max(count, 0), ordered.size()));
        for (final Standing standing : ordered) {
            if (top.size() >= count) {
                break;
            }
            top.add(standing);
        }
        return CompletableFuture.completedFuture(top);
    }
}
