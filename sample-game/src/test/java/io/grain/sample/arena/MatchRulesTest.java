package io.grain.sample.arena;

import io.grain.sample.arena.Move.Direction;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The match rules with generated stubs in place of the players: a real {@link MatchGrain} in a
 * one-member test cluster, its tick driven by virtual time, and a {@link PlayerStub} per player that
 * answers with a rating and records the outcomes the match reports.
 */
class MatchRulesTest {
    private final Map<String, PlayerStub> players = new HashMap<>();
    private final TestCluster cluster = TestCluster.builder().members(1)
        .register(Match.class, MatchGrain::new)
        // what a match tells besides its players: pushes for their clients (no gateway here: dropped) and the spectators
        .register(PushRelay.class, context -> new PushRelayGrain(context, () -> null))
        .register(Spectators.class, SpectatorsGrain::new)
        .register(Player.class, context -> players.computeIfAbsent(context.id().stringKey(), this::stubPlayer))
        .start();

    private PlayerStub stubPlayer(final String name) {
        final int rating = Elo.INITIAL_RATING;
        return new PlayerStub()
            .onProfile(() -> CompletableFuture.completedFuture(new PlayerProfile(name, rating, PlayerStats.NONE)))
            .onRecordResult(outcome -> CompletableFuture.completedFuture(true));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aMatchThatRunsOutOfTicksReportsEveryPlayerOnceByRanking() {
        final long id = 7;
        final Match match = cluster.grains().get(Match.class, id);
        match.start(List.of("ann", "bob", "cy")).join();
        assertEquals(MatchView.Status.RUNNING, match.view().join().status());
        cluster.advance(MatchGrain.TICK.multipliedBy(Arena.MAX_TICKS - 1));
        assertEquals(MatchView.Status.RUNNING, match.view().join().status(), "one tick to go");
        assertTrue(players.values().stream().allMatch(p -> p.recordResultCalls().isEmpty()));
        cluster.advance(MatchGrain.TICK);
        final MatchView view = match.view().join();
        assertEquals(MatchView.Status.FINISHED, view.status());
        assertEquals(List.of("ann", "bob", "cy"), view.ranking());
        assertEquals(List.of(new PlayerStub.RecordResultCall(new MatchOutcome(id, 1, 16, 0))), players.get("ann").recordResultCalls());
        assertEquals(List.of(new PlayerStub.RecordResultCall(new MatchOutcome(id, 2, 0, 0))), players.get("bob").recordResultCalls());
        assertEquals(List.of(new PlayerStub.RecordResultCall(new MatchOutcome(id, 3, -16, 0))), players.get("cy").recordResultCalls());
        cluster.advance(Duration.ofSeconds(30));
        assertEquals(1, players.get("ann").recordResultCalls().size(), "a finished match reports once");
    }

    @Test
    void movesSentAsOneWayCallsDecideTheWinner() {
        final Match match = cluster.grains().get(Match.class, 8L);
        match.start(List.of("ann", "bob")).join();
        // ann walks toward bob and attacks until bob falls; bob stands still
        for (int tick = 0; tick < Arena.MAX_TICKS && match.view().join().status() == MatchView.Status.RUNNING; tick++) {
            final MatchView view = match.view().join();
            final MatchView.Fighter ann = view.fighters().get(0);
            final MatchView.Fighter bob = view.fighters().get(1);
            final boolean adjacent = Math.abs(ann.x() - bob.x()) <= 1 && Math.abs(ann.y() - bob.y()) <= 1;
            final Direction step = adjacent ? Direction.NONE : ann.x() < bob.x() ? Direction.EAST
                : ann.y() < bob.y() ? Direction.SOUTH : ann.x() > bob.x() ? Direction.WEST : Direction.NORTH;
            match.move("ann", new Move(step, adjacent));
            cluster.advance(MatchGrain.TICK);
        }
        final MatchView end = match.view().join();
        assertEquals(MatchView.Status.FINISHED, end.status());
        assertEquals(List.of("ann", "bob"), end.ranking());
        assertTrue(end.tick() < Arena.MAX_TICKS, "won by a knock-out, not on time");
        assertEquals(List.of(new PlayerStub.RecordResultCall(new MatchOutcome(8L, 1, 16, 1))), players.get("ann").recordResultCalls());
        assertEquals(List.of(new PlayerStub.RecordResultCall(new MatchOutcome(8L, 2, -16, 0))), players.get("bob").recordResultCalls());
    }

    @Test
    void aMatchNobodyStartedIsUnknownAndStartingTwiceChangesNothing() {
        final Match match = cluster.grains().get(Match.class, 9L);
        assertEquals(MatchView.Status.UNKNOWN, match.view().join().status());
        match.start(List.of("ann", "bob")).join();
        cluster.advance(MatchGrain.TICK.multipliedBy(3));
        match.start(List.of("x", "y", "z")).join();
        final MatchView view = match.view().join();
        assertEquals(3, view.tick());
        assertEquals(List.of("ann", "bob"), view.fighters().stream().map(MatchView.Fighter::player).toList());
    }
}
