package io.grain.sample.arena;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.Remindable;
import io.grain.storage.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Seasons: the first activation registers the durable reminder {@value #SEASON_REMINDER}, due at
 * the next {@link Season} boundary and ticking every {@link Season#LENGTH}. A tick archives the
 * ended season's top standings as {@link SeasonStandingRow}s, deletes the board's rows and starts an
 * empty view; a player comes back on the board with its next submission (a finished match, or a
 * login, which re-submits). Single-threaded: runs on its activation's thread.
 */
public final class LeaderboardGrain implements Leaderboard, GrainLifecycle, Remindable {
    /** The name of the weekly reminder that ends a season. */
    public static final String SEASON_REMINDER = "season";

    private static final Logger LOG = LoggerFactory.getLogger(LeaderboardGrain.class);
    private static final Comparator<Standing> BEST_FIRST =
        Comparator.comparingInt(Standing::rating).reversed().thenComparing(Standing::player);

    private final long board;
    private final GrainContext context;
    private final RecordStore<StandingRow> standings;
    private final RecordStore<SeasonStandingRow> archive;
    private final Map<String, StandingRow> byPlayer = new HashMap<>();
    private final TreeSet<Standing> ordered = new TreeSet<>(BEST_FIRST);

    public LeaderboardGrain(final GrainContext context) {
        this.board = context.id().longKey();
        this.context = context;
        this.standings = context.records(StandingRow.class);
        this.archive = context.records(SeasonStandingRow.class);
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        return standings.query(board).thenAccept(rows -> rows.forEach(this::place))
            .thenCompose(ignored -> context.reminders().names())
            .thenCompose(names -> {
                if (names.contains(SEASON_REMINDER)) {
                    return CompletableFuture.completedFuture(null);
                }
                // registered once, on the grid of season boundaries; re-registering would restart it
                final Instant now = context.clock().instant();
                return context.reminders().register(SEASON_REMINDER, Duration.between(now, Season.nextBoundary(now)), Season.LENGTH);
            });
    }

    @Override
    public CompletableFuture<Void> onReminder(final String name) {
        if (!SEASON_REMINDER.equals(name)) {
            return CompletableFuture.completedFuture(null);
        }
        final String season = SeasonStandingRow.key(board, Season.endedAt(context.clock().instant()));
        return archive.get(season, SeasonStandingRow.CLOSED).thenCompose(closed -> {
            if (closed.isPresent()) {
                return CompletableFuture.completedFuture(null); // a redelivered tick: this season is done
            }
            return closeSeason(season);
        });
    }

    /** Archives the top standings, empties the board, then marks the season closed: in that order, so a retried tick finishes the job. */
    private CompletableFuture<Void> closeSeason(final String season) {
        CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        int place = 0;
        for (final Standing standing : ordered) {
            if (++place > ARCHIVED) {
                break;
            }
            final SeasonStandingRow row = new SeasonStandingRow(season, place, standing.player(), standing.rating());
            written = written.thenCompose(ignored -> archive.upsert(row));
        }
        final int archived = Math.min(place, ARCHIVED);
        return written
            .thenCompose(ignored -> standings.delete(board))
            .thenCompose(deleted -> {
                byPlayer.clear();
                ordered.clear();
                return archive.upsert(new SeasonStandingRow(season, SeasonStandingRow.CLOSED, "", archived));
            })
            .thenRun(() -> LOG.info("leaderboard {}: season {} closed with {} standings archived", board, season, archived));
    }

    @Override
    public CompletableFuture<List<Standing>> season(final String seasonStart) {
        return archive.query(SeasonStandingRow.key(board, seasonStart)).thenApply(rows -> {
            final List<SeasonStandingRow> places = new ArrayList<>(rows.size());
            for (final SeasonStandingRow row : rows) {
                if (row.place() != SeasonStandingRow.CLOSED) {
                    places.add(row);
                }
            }
            places.sort(Comparator.comparingInt(SeasonStandingRow::place));
            final List<Standing> top = new ArrayList<>(places.size());
            for (final SeasonStandingRow row : places) {
                top.add(new Standing(row.player(), row.rating()));
            }
            return top;
        });
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
