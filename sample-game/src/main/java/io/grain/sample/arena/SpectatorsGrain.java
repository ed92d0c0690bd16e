package io.grain.sample.arena;

import io.grain.gateway.push.PushRouter;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.MemberReply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Keeps the watchers and the running matches, and once a second, while anyone watches, gathers a
 * summary (each running match's view, the leaderboard's top, every member's load through an
 * every-member call, the matchmaker's queue) and pushes it to every watcher ({@link ArenaEvents}). One gathering at a
 * time: a slow one delays the next rather than piling up.
 *
 * <p>Lives in memory only: after its member crashes it activates elsewhere knowing no matches,
 * and learns the new ones as they start (watchers renew themselves).
 */
public final class SpectatorsGrain implements Spectators, GrainLifecycle {
    /** How often the summary is pushed. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /** Players on the summary's leaderboard. */
    static final int TOP = 10;

    private final GrainContext context;
    private final PushRouter pushes;
    private final IntFunction<String> gatewayOf;
    /** Each watcher's push client, and until when it watches. */
    private final Map<String, Watcher> watchers = new HashMap<>();
    /** Running matches, oldest first, with their players. */
    private final LinkedHashMap<Long, List<String>> running = new LinkedHashMap<>();
    private long finished;
    private boolean gathering;

    private static final class Watcher {
        final ArenaEvents client;
        long until;

        Watcher(final ArenaEvents client) {
            this.client = client;
        }
    }

    public SpectatorsGrain(final GrainContext context) {
        this(context, Pushes.router(context.grains()), member -> "");
    }

    /** @param pushes where the summaries go (through the watchers' presence, for a game with gateways). */
    public SpectatorsGrain(final GrainContext context, final PushRouter pushes) {
        this(context, pushes, member -> "");
    }

    /**
     * @param pushes    where the summaries go
     * @param gatewayOf a member's gateway page as its member state says (read from the membership of
     *                  the member this grain lives on; any thread), or "" when it has none
     */
    public SpectatorsGrain(final GrainContext context, final PushRouter pushes, final IntFunction<String> gatewayOf) {
        this.context = context;
        this.pushes = Objects.requireNonNull(pushes, "pushes");
        this.gatewayOf = Objects.requireNonNull(gatewayOf, "gatewayOf");
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        context.timers().every(EVERY, EVERY, this::pushSummary);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void watch(final String viewer) {
        if (viewer != null && !viewer.isEmpty()) {
            watchers.computeIfAbsent(viewer, v -> new Watcher(new ArenaEventsPush(pushes, v))).until =
                context.clock().millis() + WATCH_FOR.toMillis();
        }
    }

    @Override
    public void matchStarted(final long matchId, final List<String> players) {
        running.put(matchId, List.copyOf(players));
    }

    @Override
    public void matchEnded(final long matchId) {
        if (running.remove(matchId) != null) {
            finished++;
        }
    }

    private void pushSummary() {
        final long now = context.clock().millis();
        watchers.values().removeIf(watcher -> watcher.until < now);
        if (watchers.isEmpty() || gathering) {
            return;
        }
        gathering = true;
        final List<CompletableFuture<MatchView>> views = new ArrayList<>();
        final List<Long> shown = new ArrayList<>(running.keySet());
        for (int i = shown.size() - 1; i >= 0 && views.size() < MAX_MATCHES_SHOWN; i--) {
            views.add(context.grains().get(Match.class, shown.get(i)).view());
        }
        final CompletableFuture<List<Leaderboard.Standing>> top = context.grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(TOP);
        final CompletableFuture<List<MemberReply<MemberLoad>>> loads =
            context.everyMember().call(MemberStatus.class, MemberStatus.KEY, MemberStatus::load);
        final CompletableFuture<Integer> waiting = context.grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION).waiting();
        final List<CompletableFuture<?>> all = new ArrayList<>(views);
        all.add(top);
        all.add(loads);
        all.add(waiting);
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
            gathering = false;
            final List<MatchView> matches = new ArrayList<>(views.size());
            for (final CompletableFuture<MatchView> view : views) {
                if (!view.isCompletedExceptionally()) {
                    final MatchView v = view.join();
                    if (v.status() == MatchView.Status.RUNNING) {
                        matches.add(v);
                    } else {
                        // ended without telling us (its end was lost) or lost with a crashed member
                        running.remove(v.matchId());
                    }
                }
            }
            final List<MemberLoad> members = new ArrayList<>();
            if (!loads.isCompletedExceptionally()) {
                for (final MemberReply<MemberLoad> reply : loads.join()) {
                    if (reply.ok()) {
                        final MemberLoad m = reply.value();
                        members.add(new MemberLoad(m.member(), m.activations(), m.calls(), m.connections(), m.pushes(),
                            m.callsPerSecond(), m.p50Millis(), m.p99Millis(), gatewayOf.apply(m.member())));
                    }
                }
            }
            final ArenaSummary summary = new ArenaSummary(matches, top.isCompletedExceptionally() ? List.of() : top.join(), members,
                waiting.isCompletedExceptionally() ? 0 : waiting.join(), finished);
            for (final Watcher watcher : watchers.values()) {
                watcher.client.summary(summary);
            }
        });
        trimRunning();
    }

    /** A match whose end never came (its member died mid-match) is dropped once it is far down the list. */
    private void trimRunning() {
        final Iterator<Long> oldest = running.keySet().iterator();
        while (running.size() > 4 * MAX_MATCHES_SHOWN && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
