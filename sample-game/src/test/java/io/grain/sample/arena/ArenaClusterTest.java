package io.grain.sample.arena;

import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole matches on a three-member test cluster with every grain real: players log in and queue,
 * the matchmaker forms a match on its timer, the match ticks on virtual time, outcomes reach the
 * players and the leaderboard across members; and a member crash mid-match has a defined outcome.
 */
class ArenaClusterTest {
    private static final List<String> NAMES = List.of("ann", "bob", "cy", "dee");

    private final TestCluster cluster = TestCluster.builder().members(3)
        .register(Player.class, PlayerGrain::new)
        .register(Matchmaker.class, MatchmakerGrain::new)
        // no gateways in this cluster: the pushes to players' clients have nowhere to go
        .register(Match.class, context -> new MatchGrain(context, (principal, observer, method, payload) -> { }))
        .register(Spectators.class, SpectatorsGrain::new)
        .register(Leaderboard.class, LeaderboardGrain::new)
        .start();

    @AfterEach
    void close() {
        cluster.close();
    }

    private long queueAndGetMatch() {
        final Matchmaker matchmaker = cluster.grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION);
        for (final String name : NAMES) {
            final PlayerProfile profile = cluster.grains().get(Player.class, name).login().join();
            matchmaker.enqueue(name, profile.rating()).join();
        }
        cluster.advance(MatchmakerGrain.FORM_EVERY);
        final Optional<Long> assignment = matchmaker.assignment("ann").join();
        assertTrue(assignment.isPresent(), "a match was formed");
        for (final String name : NAMES) {
            assertEquals(assignment, matchmaker.assignment(name).join());
        }
        assertEquals(0, matchmaker.waiting().join());
        return assignment.get();
    }

    @Test
    void anEnqueueWithoutAPlayerNameIsRefusedAndTheMatchmakerKeepsFormingMatches() {
        final Matchmaker matchmaker = cluster.grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION);
        // before: the null name was queued, and the timer threw a NullPointerException every 200 ms
        final java.util.concurrent.CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.CompletionException.class, () -> matchmaker.enqueue(null, Elo.INITIAL_RATING).join());
        assertTrue(refused.getCause().getMessage().contains("enqueue needs a player name"), refused.getCause().getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
            () -> matchmaker.enqueue(" ", Elo.INITIAL_RATING).join());
        assertEquals(0, matchmaker.waiting().join());
        queueAndGetMatch();
    }

    @Test
    void aWholeMatchFromQueueToLeaderboard() {
        final Match match = cluster.grains().get(Match.class, queueAndGetMatch());
        cluster.advance(MatchGrain.TICK.multipliedBy(Arena.MAX_TICKS));
        final MatchView view = match.view().join();
        assertEquals(MatchView.Status.FINISHED, view.status());
        cluster.settle();
        int ratingSum = 0;
        for (final String name : NAMES) {
            final PlayerProfile profile = cluster.grains().get(Player.class, name).profile().join();
            assertEquals(1, profile.stats().matches(), name);
            ratingSum += profile.rating();
        }
        assertEquals(NAMES.size() * Elo.INITIAL_RATING, ratingSum, "rating is conserved");
        final PlayerProfile winner = cluster.grains().get(Player.class, view.ranking().get(0)).profile().join();
        assertEquals(1, winner.stats().wins());
        assertTrue(winner.rating() > Elo.INITIAL_RATING);
        final List<Leaderboard.Standing> top = cluster.grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(2).join();
        assertEquals(new Leaderboard.Standing(winner.name(), winner.rating()), top.get(0));
        assertEquals(2, top.size());
    }

    @Test
    void aCrashOfTheMatchesMemberAbandonsItAndNoRatingChanges() {
        final long matchId = queueAndGetMatch();
        final Match match = cluster.grains().get(Match.class, matchId);
        cluster.advance(MatchGrain.TICK.multipliedBy(10));
        assertEquals(MatchView.Status.RUNNING, match.view().join().status());
        final int host = hostOf(matchId);
        cluster.kill(host);
        cluster.advance(MatchGrain.TICK.multipliedBy(Arena.MAX_TICKS * 2));
        assertEquals(MatchView.Status.UNKNOWN, match.view().join().status(), "the match is gone with its member");
        for (final String name : NAMES) {
            final PlayerProfile profile = cluster.grains().get(Player.class, name).profile().join();
            assertEquals(Elo.INITIAL_RATING, profile.rating(), name);
            assertEquals(0, profile.stats().matches(), name);
        }
        // the players queue again and play a fresh match on the survivors
        final Match rematch = cluster.grains().get(Match.class, queueAndGetMatch());
        cluster.advance(MatchGrain.TICK.multipliedBy(Arena.MAX_TICKS));
        assertEquals(MatchView.Status.FINISHED, rematch.view().join().status());
    }

    @Test
    void aPlayerAppliesEachMatchOnce() {
        final Player ann = cluster.grains().get(Player.class, "ann");
        assertTrue(ann.recordResult(new MatchOutcome(5, 1, 12, 2)).join());
        assertFalse(ann.recordResult(new MatchOutcome(5, 1, 12, 2)).join(), "a repeated report changes nothing");
        final PlayerProfile profile = ann.profile().join();
        assertEquals(Elo.INITIAL_RATING + 12, profile.rating());
        assertEquals(new PlayerStats(1, 1, 2), profile.stats());
    }

    private int hostOf(final long matchId) {
        final int host = cluster.ownerOf(Match.class, matchId);
        assertTrue(host >= 0 && cluster.isAlive(host));
        return host;
    }
}
