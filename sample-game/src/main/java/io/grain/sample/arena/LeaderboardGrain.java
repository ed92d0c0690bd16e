package io.grain.sample.arena;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.storage.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Every player's latest rating, ordered best first. Each standing is a row of the
 * {@code standings} table (key = board, subkey = player): a submission upserts one row, and an
 * activation reads the board's rows and rebuilds the ordered view before its first call. One row
 * per player, rather than the whole board as one grain state, so a submission writes a few bytes
 * however many players the board holds.
 */
public final class LeaderboardGrain implements Leaderboard, GrainLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderboardGrain.class);
    private static final Comparator<Standing> BEST_FIRST =
        Comparator.comparingInt(Standing::rating).reversed().thenComparing(Standing::player);

    private final long board;
    private final RecordStore<StandingRow> standings;
    private final Map<String, StandingRow> byPlayer = new HashMap<>();
    private final TreeSet<Standing> ordered = new TreeSet<>(BEST_FIRST);

    public LeaderboardGrain(final GrainContext context) {
        this.board = context.id().longKey();
        this.standings = context.records(StandingRow.class);
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        return standings.query(board).thenAccept(rows -> rows.forEach(this::place));
    }

    @Override
    public void submit(final String player, final int rating, final int matches) {
        final StandingRow known = byPlayer.get(player);
        if (known != null && (known.matches() > matches || (known.matches() == matches && known.rating() == rating))) {
            return; // older news, or the same again (a player re-submits when it activates)
        }
        final StandingRow row = new StandingRow(board, player, rating, matches);
        place(row);
        standings.upsert(row).whenComplete((ignored, failure) -> {
            if (failure != null) {
                // the view is right; the stored row catches up with the player's next submission
                LOG.warn("leaderboard {}: storing {}'s standing failed: {}", board, player, failure.toString());
            }
        });
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

    private void place(final StandingRow row) {
        final StandingRow previous = byPlayer.put(row.player(), row);
        if (previous != null) {
            ordered.remove(new Standing(previous.player(), previous.rating()));
        }
        ordered.add(new Standing(row.player(), row.rating()));
    }
}
