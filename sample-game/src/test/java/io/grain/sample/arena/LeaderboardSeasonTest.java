package io.grain.sample.arena;

import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weekly seasons on virtual time: the {@code season} reminder archives the top standings and empties the board. */
class LeaderboardSeasonTest {
    /** A Wednesday noon: the season started on Monday 2026-11-30 and ends at 2026-12-07T00:00Z. */
    private static final Instant START = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant BOUNDARY = Instant.parse("2026-12-07T00:00:00Z");

    private final TestCluster cluster = TestCluster.builder().members(2).startMillis(START.toEpochMilli())
        .register(Leaderboard.class, LeaderboardGrain::new)
        .start();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void seasonsAreMondayToMondayInUtc() {
        assertEquals(LocalDate.parse("2026-11-30"), Season.startOf(START));
        assertEquals(BOUNDARY, Season.nextBoundary(START));
        assertEquals(Instant.parse("2026-12-14T00:00:00Z"), Season.nextBoundary(BOUNDARY), "a boundary starts the next season");
        assertEquals("2026-11-30", Season.endedAt(BOUNDARY));
    }

    @Test
    void theBoundaryArchivesTheTopAndStartsAnEmptyBoardAndTheReminderFiresAgainAWeekLater() {
        final Leaderboard board = cluster.grains().get(Leaderboard.class, Leaderboard.GLOBAL);
        board.submit("ann", 1240, 3);
        board.submit("bob", 1190, 2);
        board.submit("cy", 1210, 4);
        final List<Leaderboard.Standing> firstTop = List.of(
            new Leaderboard.Standing("ann", 1240), new Leaderboard.Standing("cy", 1210), new Leaderboard.Standing("bob", 1190));
        assertEquals(firstTop, board.top(10).join());

        cluster.advance(Duration.between(START, BOUNDARY).minusMinutes(1));
        assertEquals(firstTop, board.top(10).join(), "nothing happens before the boundary");
        assertEquals(List.of(), board.season("2026-11-30").join());

        cluster.advance(Duration.ofMinutes(2));
        cluster.settle();
        assertEquals(List.of(), board.top(10).join(), "the new season starts empty");
        assertEquals(firstTop, board.season("2026-11-30").join(), "the old season's top is archived");
        assertEquals(0, cluster.records(StandingRow.class).query(Leaderboard.GLOBAL).join().size(), "the stored rows are gone too");

        // a player's later submission counts for the new season only
        board.submit("bob", 1205, 3);
        assertEquals(List.of(new Leaderboard.Standing("bob", 1205)), board.top(10).join());

        cluster.advance(Season.LENGTH);
        cluster.settle();
        assertEquals(List.of(), board.top(10).join());
        assertEquals(List.of(new Leaderboard.Standing("bob", 1205)), board.season("2026-12-07").join(), "the reminder fired a week later");
        assertEquals(firstTop, board.season("2026-11-30").join(), "an older season's archive stays");
    }

    @Test
    void theSeasonSurvivesACrashOfTheBoardsMember() {
        final Leaderboard board = cluster.grains().get(Leaderboard.class, Leaderboard.GLOBAL);
        board.submit("ann", 1240, 3);
        assertEquals(1, board.top(10).join().size());
        cluster.kill(cluster.ownerOf(Leaderboard.class, Leaderboard.GLOBAL));
        cluster.advance(Duration.between(START, BOUNDARY).plusMinutes(1));
        cluster.settle();
        assertEquals(List.of(new Leaderboard.Standing("ann", 1240)), board.season("2026-11-30").join());
        assertEquals(List.of(), board.top(10).join());
        assertTrue(cluster.reminderCount(cluster.ownerOf(Leaderboard.class, Leaderboard.GLOBAL)) >= 1, "the survivor holds the reminder");
    }
}
