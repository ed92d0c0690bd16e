package io.grain.sample.arena;

import io.grain.sample.arena.Move.Direction;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The match rules with generated stubs in place of the players: a real {@link MatchGrain} in a
 * one-member test cluster, its tick driven by virtual time, a {@link PlayerStub} per player that
 * answers with a rating and records the outcomes the match reports, and a push router that records
 * what the match pushed to the players' clients.
 */
class MatchRulesTest {
    private final Map<String, PlayerStub> players = new HashMap<>();
    /** The pushes the match made to its players' clients, as "player observer.Method", in order. */
    private final List<String> pushes = Collections.synchronizedList(new ArrayList<>());
    private final TestCluster cluster = TestCluster.builder().members(1)
        .register(Match.class, context -> new MatchGrain(context,
            (principal, observer, method, payload) -> pushes.add(principal + " " + observer + "." + method)))
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
        // each player's client was told of the start, every tick, and the end, in that order
        for (final String player : List.of("ann", "bob", "cy")) {
            final List<String> toPlayer = pushes.stream().filter(p -> p.startsWith(player + " ")).map(p -> p.substring(player.length() + 1))
                .toList();
            assertEquals(Arena.MAX_TICKS + 1, toPlayer.size(), player + ": " + toPlayer.size() + " pushes");
            assertEquals("match_events.Started", toPlayer.get(0));
            assertTrue(toPlayer.subList(1, Arena.MAX_TICKS).stream().allMatch("match_events.Tick"::equals));
            assertEquals("match_events.Ended", toPlayer.get(Arena.MAX_TICKS));
        }
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
