package io.grain.sample.arena;

import io.grain.runtime.GrainException;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.StateConflictException;
import io.grain.storage.StorageException;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Players, their items and the leaderboard are stored: they survive a member crash, idle
 * deactivation and a restart of the whole cluster on the same storage; a write that fails or
 * meets a conflict changes nothing anyone sees, and the grain serves the stored state afterwards.
 * Three-member test clusters on virtual time with an {@link InMemoryStorage} they share.
 */
class PersistenceTest {
    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<TestCluster> clusters = new ArrayList<>();

    private TestCluster cluster() {
        final TestCluster cluster = TestCluster.builder().members(3).storage(storage)
            .register(Player.class, PlayerGrain::new)
            .register(Matchmaker.class, MatchmakerGrain::new)
            // no gateways in this cluster: the pushes to players' clients have nowhere to go
            .register(Match.class, context -> new MatchGrain(context, (principal, observer, method, payload) -> { }))
            .register(Spectators.class, SpectatorsGrain::new)
            .register(Leaderboard.class, LeaderboardGrain::new)
            .start();
        clusters.add(cluster);
        return cluster;
    }

    @AfterEach
    void close() {
        clusters.forEach(TestCluster::close);
        storage.close();
    }

    private static Player player(final TestCluster cluster, final String name) {
        return cluster.grains().get(Player.class, name);
    }

    private static List<Leaderboard.Standing> top(final TestCluster cluster) {
        return cluster.grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(10).join();
    }

    @Test
    void aPlayerKeepsProfileItemsAndStandingThroughACrashDeactivationAndARestart() {
        final TestCluster first = cluster();
        assertTrue(player(first, "ann").recordResult(new MatchOutcome(101, 1, 16, 3)).join());
        assertTrue(player(first, "ann").recordResult(new MatchOutcome(102, 2, -4, 1)).join());
        assertTrue(player(first, "bob").recordResult(new MatchOutcome(101, 2, -16, 0)).join());
        first.settle();
        final PlayerProfile ann = new PlayerProfile("ann", Elo.INITIAL_RATING + 12, new PlayerStats(2, 1, 4));
        final List<Leaderboard.Standing> standings = List.of(new Leaderboard.Standing("ann", Elo.INITIAL_RATING + 12),
            new Leaderboard.Standing("bob", Elo.INITIAL_RATING - 16));
        assertEquals(ann, player(first, "ann").profile().join());
        assertEquals(standings, top(first));

        // the members of ann and of the board crash: both come back elsewhere from storage
        first.kill(first.ownerOf(Player.class, "ann"));
        final int board = first.ownerOf(Leaderboard.class, Leaderboard.GLOBAL);
        if (first.isAlive(board)) {
            first.kill(board);
        }
        assertEquals(ann, player(first, "ann").profile().join());
        assertEquals(standings, top(first));
        assertEquals(List.of(Item.awardFor("ann", new MatchOutcome(101, 1, 16, 3))), player(first, "ann").items().join());
        assertFalse(player(first, "ann").recordResult(new MatchOutcome(102, 2, -4, 1)).join(),
            "the applied matches are stored too: a report after the crash is recognised");

        // idle grains deactivate; their next calls load the same state
        first.advance(Duration.ofMinutes(20));
        assertEquals(0, first.activationCount(), "every grain was collected");
        assertEquals(ann, player(first, "ann").profile().join());
        assertEquals(standings, top(first));
        first.close();

        // a new cluster on the same storage: a full restart
        final TestCluster second = cluster();
        assertEquals(ann, player(second, "ann").profile().join());
        assertEquals(ann, player(second, "ann").login().join(), "a returning player's login keeps the stored profile");
        assertEquals(standings, top(second));
        assertEquals(1, player(second, "ann").items().join().size());
        assertTrue(player(second, "ann").recordResult(new MatchOutcome(103, 1, 10, 0)).join());
        assertEquals(new PlayerStats(3, 2, 4), player(second, "ann").profile().join().stats());
        assertEquals(List.of(101L, 103L), player(second, "ann").items().join().stream().map(Item::itemId).toList());
    }

    @Test
    void aFailedWriteChangesNothingAndTheRetriedReportApplies() {
        final TestCluster cluster = cluster();
        final Player ann = player(cluster, "ann");
        assertEquals(Elo.INITIAL_RATING, ann.login().join().rating());
        storage.failNext(InMemoryStorage.Operation.WRITE_STATE, 1, () -> new StorageException("disk full"));
        final CompletionException failed = assertThrows(CompletionException.class,
            () -> ann.recordResult(new MatchOutcome(7, 1, 20, 2)).join());
        assertEquals("disk full", assertInstanceOf(GrainException.class, failed.getCause()).errorMessage());
        assertEquals(new PlayerProfile("ann", Elo.INITIAL_RATING, PlayerStats.NONE), ann.profile().join(),
            "nobody sees a result that was not stored");
        assertTrue(ann.recordResult(new MatchOutcome(7, 1, 20, 2)).join(), "the report again applies");
        assertEquals(Elo.INITIAL_RATING + 20, ann.profile().join().rating());
        assertEquals(1, ann.items().join().size(), "the item written before the failed write is the same row, not a second");
    }

    @Test
    void afterAConflictThePlayerServesTheOtherActivationsWriteAndAppliesOnTopOfIt() {
        final TestCluster left = cluster();
        final TestCluster right = cluster(); // a second cluster on the same storage: two activations of ann
        assertEquals(Elo.INITIAL_RATING, player(left, "ann").login().join().rating());
        assertEquals(Elo.INITIAL_RATING, player(right, "ann").profile().join().rating());

        assertTrue(player(left, "ann").recordResult(new MatchOutcome(1, 1, 16, 1)).join());
        final CompletionException conflict = assertThrows(CompletionException.class,
            () -> player(right, "ann").recordResult(new MatchOutcome(2, 4, -8, 0)).join());
        assertEquals(StateConflictException.class.getName(), assertInstanceOf(GrainException.class, conflict.getCause()).errorType());

        right.settle();
        final PlayerProfile seen = player(right, "ann").profile().join();
        assertEquals(new PlayerProfile("ann", Elo.INITIAL_RATING + 16, new PlayerStats(1, 1, 1)), seen,
            "after its conflict the grain serves what the other activation stored, not its own stale state");
        assertTrue(player(right, "ann").recordResult(new MatchOutcome(2, 4, -8, 0)).join(), "the retried report applies on top");
        assertEquals(new PlayerProfile("ann", Elo.INITIAL_RATING + 8, new PlayerStats(2, 1, 1)), player(right, "ann").profile().join());
    }

    @Test
    void theBoardIgnoresASubmissionOlderThanWhatItHasAndKeepsThatAfterARestart() {
        final TestCluster cluster = cluster();
        final Leaderboard board = cluster.grains().get(Leaderboard.class, Leaderboard.GLOBAL);
        board.submit("ann", 1_040, 3);
        board.submit("ann", 1_010, 2); // late news from an older activation: ignored
        board.submit("bob", 990, 1);
        cluster.settle();
        final List<Leaderboard.Standing> expected = List.of(new Leaderboard.Standing("ann", 1_040), new Leaderboard.Standing("bob", 990));
        assertEquals(expected, board.top(10).join());
        cluster.close();
        assertEquals(expected, top(cluster()));
    }
}
