package io.grain.membership.postgres;

import io.grain.runtime.membership.MemberState;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table protocol against a real PostgreSQL, with the wall clock passed in (virtual time): joins,
 * compare-and-set under contention, votes, vote expiry, and the self-check of I-am-alive.
 */
class MembershipTableTest {
    private static final long EXPIRY_MS = 10_000;
    private static final long T0 = 1_700_000_000_000L;

    private DataSource dataSource;
    private MembershipTable table;

    @BeforeEach
    void setUp() throws SQLException {
        dataSource = EmbeddedPostgresServer.newDataSource();
        table = new MembershipTable(dataSource, "grain_membership", "c1", 5);
        table.createSchema();
    }

    private static MemberRecord member(final int id, final long incarnation) {
        return new MemberRecord(id, incarnation, MemberStatus.ALIVE, true, "127.0.0.1:" + (40000 + id), "host:/dev/shm/m" + id);
    }

    private MemberRecord join(final int id) throws SQLException {
        final MemberRecord r = table.join(member(id, 100), T0);
        assertNotNull(r, "no other writer: the compare-and-set must succeed");
        return r;
    }

    @Test
    void aJoinIsReadBackAndEveryChangeBumpsTheVersion() throws SQLException {
        assertEquals(0, table.readVersion());
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        final TableSnapshot s = table.read();
        assertEquals(2, s.version());
        assertEquals(List.of(a, b), s.view().records());
        assertTrue(s.view().hostingView().contains(1) && s.view().hostingView().contains(2));
    }

    @Test
    void aRejoinIsANewIncarnationAboveTheOldOneEvenWithAnOlderClock() throws SQLException {
        final MemberRecord first = table.join(member(1, 500), T0);
        final MemberRecord again = table.join(member(1, 200), T0);
        assertEquals(500, first.incarnation());
        assertEquals(501, again.incarnation(), "never reuses or goes below an incarnation the table has seen");
        assertEquals(again, table.read().record(1));
    }

    @Test
    void oneVoteOfThreeMembersDoesNotKillTwoDo() throws SQLException {
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        final MemberRecord c = join(3);
        final MembershipTable.Vote vote = new MembershipTable.Vote();
        assertEquals(MembershipTable.Outcome.DONE, table.vote(a, 3, c.incarnation(), 2, EXPIRY_MS, T0, vote));
        assertFalse(vote.declaredDead);
        assertEquals(1, vote.votes);
        assertEquals(2, vote.needed);
        assertTrue(table.read().record(3).alive(), "one observer alone cannot declare a member dead");
        // the same voter again is still one vote
        assertEquals(MembershipTable.Outcome.DONE, table.vote(a, 3, c.incarnation(), 2, EXPIRY_MS, T0 + 1000, vote));
        assertFalse(vote.declaredDead);
        assertTrue(table.read().record(3).alive());

        assertEquals(MembershipTable.Outcome.DONE, table.vote(b, 3, c.incarnation(), 2, EXPIRY_MS, T0 + 2000, vote));
        assertTrue(vote.declaredDead);
        final MemberRecord dead = table.read().record(3);
        assertEquals(MemberStatus.DEAD, dead.status());
        assertEquals(c.incarnation(), dead.incarnation());
        assertFalse(table.iAmAlive(c, T0 + 3000), "the dead incarnation learns it from its I-am-alive");
        assertTrue(table.iAmAlive(a, T0 + 3000));
        assertEquals(MembershipTable.Outcome.NOT_ALIVE, table.vote(c, 1, a.incarnation(), 2, EXPIRY_MS, T0 + 3000, vote),
            "a dead member does not vote");
    }

    @Test
    void anExpiredVoteDoesNotCount() throws SQLException {
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        final MemberRecord c = join(3);
        final MembershipTable.Vote vote = new MembershipTable.Vote();
        table.vote(a, 3, c.incarnation(), 2, EXPIRY_MS, T0, vote);
        // a and b still write I-am-alive (so both count as voters)
        assertTrue(table.iAmAlive(a, T0 + EXPIRY_MS));
        assertTrue(table.iAmAlive(b, T0 + EXPIRY_MS));
        assertEquals(MembershipTable.Outcome.DONE, table.vote(b, 3, c.incarnation(), 2, EXPIRY_MS, T0 + EXPIRY_MS + 1, vote));
        assertFalse(vote.declaredDead, "a's vote expired before b's came");
        assertEquals(1, vote.votes);
        assertTrue(table.read().record(3).alive());
        // a renews its vote while b's still counts
        table.vote(a, 3, c.incarnation(), 2, EXPIRY_MS, T0 + EXPIRY_MS + 2, vote);
        assertTrue(vote.declaredDead);
    }

    @Test
    void votesOnAnOldIncarnationDoNotCountAgainstTheNewOne() throws SQLException {
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        final MemberRecord c = join(3);
        final MembershipTable.Vote vote = new MembershipTable.Vote();
        table.vote(a, 3, c.incarnation(), 2, EXPIRY_MS, T0, vote);
        final MemberRecord c2 = table.join(c, T0 + 1);
        assertEquals(c.incarnation() + 1, c2.incarnation());
        assertEquals(MembershipTable.Outcome.MOOT, table.vote(b, 3, c.incarnation(), 2, EXPIRY_MS, T0 + 2, vote),
            "a vote on a gone incarnation changes nothing");
        table.vote(b, 3, c2.incarnation(), 2, EXPIRY_MS, T0 + 2, vote);
        assertFalse(vote.declaredDead, "a's vote was on the old incarnation");
        assertTrue(table.read().record(3).alive());
    }

    @Test
    void inAClusterOfTwoOneVoteIsEnough() throws SQLException {
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        final MembershipTable.Vote vote = new MembershipTable.Vote();
        table.vote(a, 2, b.incarnation(), 2, EXPIRY_MS, T0, vote);
        assertTrue(vote.declaredDead);
        assertEquals(1, vote.needed);
        assertEquals(1, MembershipTable.neededVotes(2, 1));
        assertEquals(2, MembershipTable.neededVotes(2, 5));
        assertEquals(1, MembershipTable.neededVotes(3, 0));
    }

    @Test
    void membersThatStoppedWritingIAmAliveDoNotBlockAVerdict() throws SQLException {
        // a whole cluster was killed; member 1 restarts and finds 2 and 3 ALIVE in the table
        final MemberRecord a = join(1);
        final MemberRecord b = join(2);
        join(3);
        final long later = T0 + EXPIRY_MS + 1;
        assertTrue(table.iAmAlive(a, later));
        final MembershipTable.Vote vote = new MembershipTable.Vote();
        table.vote(a, 2, b.incarnation(), 2, EXPIRY_MS, later, vote);
        assertTrue(vote.declaredDead, "3 wrote no I-am-alive for a vote expiry: it cannot vote, so it is not waited for");
        assertEquals(1, vote.needed);
        // while 3 still writes I-am-alive, two votes are needed
        final MemberRecord d = join(4);
        final MemberRecord e = join(5);
        assertTrue(table.iAmAlive(e, later));
        table.vote(a, 4, d.incarnation(), 2, EXPIRY_MS, later, vote);
        assertFalse(vote.declaredDead);
        assertEquals(2, vote.needed);
    }

    @Test
    void aLeaveIsWrittenOnceAndOnlyForTheLiveIncarnation() throws SQLException {
        final MemberRecord a = join(1);
        assertEquals(MembershipTable.Outcome.DONE, table.leave(a, T0));
        assertEquals(MemberStatus.LEFT, table.read().record(1).status());
        assertEquals(MembershipTable.Outcome.MOOT, table.leave(a, T0));
        assertFalse(table.iAmAlive(a, T0));
    }

    @Test
    void clustersSharingTheTablesDoNotSeeEachOther() throws SQLException {
        join(1);
        final MembershipTable other = new MembershipTable(dataSource, "grain_membership", "c2", 5);
        other.createSchema();
        assertNotNull(other.join(member(1, 7), T0));
        assertEquals(100, table.read().record(1).incarnation());
        assertEquals(7, other.read().record(1).incarnation());
        assertEquals(1, other.read().view().records().size());
    }

    @Test
    void concurrentChangesEachLandExactlyOnceThroughTheCompareAndSet() throws Exception {
        final int writers = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            final List<Future<Integer>> conflicts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                final int id = 10 + i;
                conflicts.add(pool.submit(() -> {
                    final MembershipTable mine = new MembershipTable(dataSource, "grain_membership", "c1", 5);
                    int lost = 0;
                    for (int round = 0; round < 5; round++) {
                        while (mine.join(member(id, 100 + round * 10L), T0) == null) {
                            lost++;
                        }
                    }
                    return lost;
                }));
            }
            int lost = 0;
            for (final Future<Integer> f : conflicts) {
                lost += f.get(60, TimeUnit.SECONDS);
            }
            final TableSnapshot s = table.read();
            assertEquals(writers * 5, s.version(), "one version per change that landed (" + lost + " lost a race and retried)");
            for (int i = 0; i < writers; i++) {
                assertEquals(140, s.record(10 + i).incarnation());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSchemaOfANewerVersionIsRefusedWithAClearError() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE grain_membership_schema SET schema_version = 99");
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, table::createSchema);
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void creatingTheSchemaAgainKeepsTheRows() throws SQLException {
        join(1);
        table.createSchema();
        assertEquals(1, table.read().view().records().size());
    }

    @Test
    void aStateIsWrittenOverAnOlderVersionOnlyAndReadBack() throws SQLException {
        final MemberRecord a = join(1);
        join(2);
        final MemberState v1 = MemberState.EMPTY.with("role", "gateway");
        final MemberState v2 = v1.with("zone", "eu-1 ü");
        final long before = table.readVersion();
        assertEquals(MembershipTable.Outcome.DONE, table.setState(a, v2, T0 + 1));
        assertEquals(before + 1, table.readVersion(), "a state is a change: the others read it");
        assertEquals(MembershipTable.Outcome.NOT_ALIVE, table.setState(a, v1, T0 + 2), "an older version is not written");
        assertEquals(MembershipTable.Outcome.NOT_ALIVE, table.setState(a, v2, T0 + 2), "nor the same version again");
        final TableSnapshot s = table.read();
        assertEquals(before + 1, s.version(), "the refused writes bumped nothing");
        assertEquals(v2, s.record(1).state());
        assertEquals(MemberState.EMPTY, s.record(2).state());
        assertEquals("eu-1 ü", s.view().members().get(0).get("zone"));
    }

    @Test
    void aDeadOrLeftMembersStateIsGoneAndARejoinWritesItsState() throws SQLException {
        final MemberRecord a = join(1);
        final MemberState state = MemberState.EMPTY.with("role", "game");
        assertEquals(MembershipTable.Outcome.DONE, table.setState(a, state, T0));
        assertEquals(MembershipTable.Outcome.DONE, table.leave(a, T0 + 1));
        assertEquals(MemberState.EMPTY, table.read().record(1).state(), "a LEFT record shows no state");
        assertEquals(List.of(), table.read().view().members());
        assertEquals(MembershipTable.Outcome.NOT_ALIVE, table.setState(a, state.with("role", "late"), T0 + 2),
            "a member that left writes no state");
        final MemberRecord again = table.join(a.withState(state.with("role", "back")), T0 + 3);
        assertEquals("back", table.read().record(1).state().get("role"), "the new incarnation joins with its state");
        assertTrue(again.incarnation() > a.incarnation());
    }

    @Test
    void aStateNoGrainWroteIsReadAsEmptyWithoutFailingTheRead() throws SQLException {
        final MemberRecord a = join(1);
        join(2);
        table.setState(a, MemberState.EMPTY.with("role", "game"), T0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE grain_membership_member SET state = '\\x05ff'::bytea WHERE member_id = 1");
        }
        final TableSnapshot s = table.read();
        assertEquals(MemberState.EMPTY, s.record(1).state());
        assertEquals(2, s.view().members().size(), "every member is still read");
    }

    @Test
    void aTableOfSchemaVersionOneIsMigratedAndKeepsItsRows() throws SQLException {
        final DataSource fresh = EmbeddedPostgresServer.newDataSource();
        try (Connection c = fresh.getConnection(); Statement s = c.createStatement()) {
            // the layout of schema version 1, as members before member state made it
            s.execute("CREATE TABLE old_schema (schema_version INTEGER NOT NULL)");
            s.execute("INSERT INTO old_schema VALUES (1)");
            s.execute("CREATE TABLE old_version (cluster_id VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL,"
                + " changed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute("INSERT INTO old_version (cluster_id, version) VALUES ('c1', 1)");
            s.execute("CREATE TABLE old_member (cluster_id VARCHAR(200) NOT NULL, member_id INTEGER NOT NULL,"
                + " incarnation BIGINT NOT NULL, status SMALLINT NOT NULL, hosting BOOLEAN NOT NULL,"
                + " endpoint VARCHAR(300) NOT NULL, driver_key VARCHAR(2000) NOT NULL, i_am_alive_ms BIGINT NOT NULL,"
                + " changed_ms BIGINT NOT NULL, PRIMARY KEY (cluster_id, member_id))");
            s.execute("INSERT INTO old_member VALUES ('c1', 4, 100, 0, true, '127.0.0.1:40004', 'd', 0, 0)");
            s.execute("CREATE TABLE old_vote (cluster_id VARCHAR(200) NOT NULL, member_id INTEGER NOT NULL,"
                + " voter_id INTEGER NOT NULL, incarnation BIGINT NOT NULL, voted_ms BIGINT NOT NULL,"
                + " PRIMARY KEY (cluster_id, member_id, voter_id))");
        }
        final MembershipTable migrated = new MembershipTable(fresh, "old", "c1", 5);
        migrated.createSchema();
        final TableSnapshot s = migrated.read();
        assertEquals(MemberState.EMPTY, s.record(4).state(), "an old row has no state");
        final MemberRecord four = s.record(4);
        assertEquals(MembershipTable.Outcome.DONE, migrated.setState(four, MemberState.EMPTY.with("role", "game"), T0));
        assertEquals("game", migrated.read().record(4).state().get("role"));
        try (Connection c = fresh.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT schema_version FROM old_schema")) {
            assertTrue(rs.next());
            assertEquals(MembershipTable.SCHEMA_VERSION, rs.getInt(1));
            assertFalse(rs.next());
        }
    }
}
