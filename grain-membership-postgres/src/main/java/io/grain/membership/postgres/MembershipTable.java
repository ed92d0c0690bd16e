package io.grain.membership.postgres;

import io.grain.runtime.membership.MemberState;
import io.grain.transport.aeron.membership.GossipCodec;
import io.grain.transport.aeron.membership.MalformedMessageException;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The membership table of one cluster in PostgreSQL, and every operation on it. Several clusters
 * share the tables, told apart by their cluster id.
 *
 * <pre>
 * {prefix}_schema  (schema_version)                                          one row: the layout's version
 * {prefix}_version (cluster_id PK, version, changed_at)                       one row per cluster
 * {prefix}_member  (cluster_id, member_id, incarnation, status, hosting,     one row per member id: its
 *                   endpoint, driver_key, i_am_alive_ms, changed_ms,          latest incarnation, and the
 *                   state_version, state)                                     state it published
 * {prefix}_vote    (cluster_id, member_id, voter_id, incarnation, voted_ms)  suspicions of alive members
 * </pre>
 *
 * <p>Every change of membership (join, leave, a vote, a death) is one transaction that reads the
 * cluster's version, decides on what it read, and bumps the version only where it still equals what
 * was read ({@code UPDATE ... WHERE version = ?}); when another member changed the table in between,
 * nothing is written and the caller reads again ({@link Outcome#CONFLICT}). The version row is
 * updated first, so concurrent writers queue on its row lock and the loser sees the new version. The
 * I-am-alive timestamp is the one write outside the protocol (it changes no one's view), as in Orleans.
 * A member's new state is a change too (it bumps the version, so the others read it); it is written
 * only over an older state version of the same alive incarnation.
 *
 * <p>Thread ownership: not thread safe; the provider's database thread alone uses it. Every method
 * may block on the network and throws {@link SQLException} when the database cannot be reached.
 */
final class MembershipTable {
    /**
     * Version of the table layout this code writes; a newer one in the database is refused, an
     * older one is migrated. 1: the first layout; 2: the member's state ({@code state_version}, {@code state}).
     */
    static final int SCHEMA_VERSION = 2;
    private static final Logger LOG = LoggerFactory.getLogger(MembershipTable.class);

    private static final int ALIVE = MemberStatus.ALIVE.ordinal();
    private static final int DEAD = MemberStatus.DEAD.ordinal();
    private static final int LEFT = MemberStatus.LEFT.ordinal();

    /** What a change of the table came to. */
    enum Outcome {
        /** Written, version bumped. */
        DONE,
        /** Another member changed the table since it was read: nothing written; read and try again. */
        CONFLICT,
        /** Nothing to do: the table already says otherwise (e.g. the target is no longer alive). */
        MOOT,
        /** This member's own incarnation is not alive in the table: it was declared dead or replaced. */
        NOT_ALIVE
    }

    private final DataSource dataSource;
    private final String clusterId;
    private final int queryTimeoutSeconds;
    private final String schemaTable;
    private final String versionTable;
    private final String memberTable;
    private final String voteTable;

    MembershipTable(final DataSource dataSource, final String tablePrefix, final String clusterId,
        final int queryTimeoutSeconds) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.schemaTable = tablePrefix + "_schema";
        this.versionTable = tablePrefix + "_version";
        this.memberTable = tablePrefix + "_member";
        this.voteTable = tablePrefix + "_vote";
    }

    /**
     * Creates the tables where missing and this cluster's version row, under a transaction-scoped
     * advisory lock so members starting at once do not race on {@code CREATE TABLE}.
     *
     * @throws IllegalStateException when the tables were laid out by a newer version of Grain
     */
    void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(queryTimeoutSeconds);
                s.execute("SELECT pg_advisory_xact_lock(hashtext('" + schemaTable + "'))");
                s.execute("CREATE TABLE IF NOT EXISTS " + schemaTable + " (schema_version INTEGER NOT NULL)");
                int found = -1;
                try (ResultSet rs = s.executeQuery("SELECT max(schema_version) FROM " + schemaTable)) {
                    if (rs.next() && rs.getObject(1) != null) {
                        found = rs.getInt(1);
                    }
                }
                if (found > SCHEMA_VERSION) {
                    c.rollback();
                    throw new IllegalStateException("the membership tables " + schemaTable + "... have schema version "
                        + found + ", newer than this Grain's " + SCHEMA_VERSION + "; upgrade this member");
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " ("
                    + "cluster_id VARCHAR(200) PRIMARY KEY, "
                    + "version BIGINT NOT NULL, "
                    + "changed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                s.execute("CREATE TABLE IF NOT EXISTS " + memberTable + " ("
                    + "cluster_id VARCHAR(200) NOT NULL, "
                    + "member_id INTEGER NOT NULL, "
                    + "incarnation BIGINT NOT NULL, "
                    + "status SMALLINT NOT NULL, "
                    + "hosting BOOLEAN NOT NULL, "
                    + "endpoint VARCHAR(300) NOT NULL, "
                    + "driver_key VARCHAR(2000) NOT NULL, "
                    + "i_am_alive_ms BIGINT NOT NULL, "
                    + "changed_ms BIGINT NOT NULL, "
                    + "state_version BIGINT NOT NULL DEFAULT 0, "
                    + "state BYTEA NOT NULL DEFAULT ''::bytea, "
                    + "PRIMARY KEY (cluster_id, member_id))");
                s.execute("CREATE TABLE IF NOT EXISTS " + voteTable + " ("
                    + "cluster_id VARCHAR(200) NOT NULL, "
                    + "member_id INTEGER NOT NULL, "
                    + "voter_id INTEGER NOT NULL, "
                    + "incarnation BIGINT NOT NULL, "
                    + "voted_ms BIGINT NOT NULL, "
                    + "PRIMARY KEY (cluster_id, member_id, voter_id))");
                if (found < SCHEMA_VERSION) {
                    // from 1 to 2: the member's state; no-ops on tables just created with the columns
                    s.execute("ALTER TABLE " + memberTable + " ADD COLUMN IF NOT EXISTS state_version BIGINT NOT NULL DEFAULT 0");
                    s.execute("ALTER TABLE " + memberTable + " ADD COLUMN IF NOT EXISTS state BYTEA NOT NULL DEFAULT ''::bytea");
                    s.execute("DELETE FROM " + schemaTable);
                    s.execute("INSERT INTO " + schemaTable + " (schema_version) VALUES (" + SCHEMA_VERSION + ")");
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + versionTable
                + " (cluster_id, version) VALUES (?, 0) ON CONFLICT (cluster_id) DO NOTHING")) {
                p.setQueryTimeout(queryTimeoutSeconds);
                p.setString(1, clusterId);
                p.executeUpdate();
            }
            c.commit();
        }
    }

    /** The cluster's version: changes with every change of membership. */
    long readVersion() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT version FROM " + versionTable + " WHERE cluster_id = ?")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setString(1, clusterId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** The version and every member row, read in one snapshot. */
    TableSnapshot read() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                final long version = version(c);
                final List<TableSnapshot.Row> rows = rows(c);
                c.commit();
                return new TableSnapshot(version, rows);
            } finally {
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    /**
     * Writes {@code self} ALIVE as a new incarnation of its member id: its own incarnation, or one
     * above the incarnation the table holds for that id if that is not lower. Returns the record
     * written, or null on a {@link Outcome#CONFLICT}.
     */
    MemberRecord join(final MemberRecord self, final long nowMs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                final long version = version(c);
                long incarnation = self.incarnation();
                for (final TableSnapshot.Row row : rows(c)) {
                    if (row.record().memberId() == self.memberId() && row.record().incarnation() >= incarnation) {
                        incarnation = row.record().incarnation() + 1;
                    }
                }
                if (!bump(c, version)) {
                    c.rollback();
                    return null;
                }
                final MemberRecord joined = self.withIncarnation(incarnation);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + memberTable
                    + " (cluster_id, member_id, incarnation, status, hosting, endpoint, driver_key, i_am_alive_ms,"
                    + " changed_ms, state_version, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (cluster_id, member_id) DO UPDATE SET"
                    + " incarnation = EXCLUDED.incarnation, status = EXCLUDED.status, hosting = EXCLUDED.hosting,"
                    + " endpoint = EXCLUDED.endpoint, driver_key = EXCLUDED.driver_key,"
                    + " i_am_alive_ms = EXCLUDED.i_am_alive_ms, changed_ms = EXCLUDED.changed_ms,"
                    + " state_version = EXCLUDED.state_version, state = EXCLUDED.state")) {
                    p.setQueryTimeout(queryTimeoutSeconds);
                    p.setString(1, clusterId);
                    p.setInt(2, joined.memberId());
                    p.setLong(3, joined.incarnation());
                    p.setInt(4, ALIVE);
                    p.setBoolean(5, joined.hosting());
                    p.setString(6, joined.endpoint());
                    p.setString(7, joined.driverKey());
                    p.setLong(8, nowMs);
                    p.setLong(9, nowMs);
                    p.setLong(10, joined.state().version());
                    p.setBytes(11, GossipCodec.stateEntries(joined.state()));
                    p.executeUpdate();
                }
                deleteVotesOn(c, self.memberId());
                c.commit();
                return joined;
            } catch (final SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /**
     * Writes {@code state} as the state of {@code self}'s incarnation, over an older state version
     * only, and bumps the version so the others read it. Returns {@link Outcome#CONFLICT} when the
     * version moved, {@link Outcome#NOT_ALIVE} when the incarnation is not alive in the table (or
     * holds this state version or a newer one already), else {@link Outcome#DONE}.
     */
    Outcome setState(final MemberRecord self, final MemberState state, final long nowMs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!bump(c, version(c))) {
                    c.rollback();
                    return Outcome.CONFLICT;
                }
                final int updated;
                try (PreparedStatement p = c.prepareStatement("UPDATE " + memberTable + " SET state_version = ?,"
                    + " state = ?, changed_ms = ? WHERE cluster_id = ? AND member_id = ? AND incarnation = ? AND status = "
                    + ALIVE + " AND state_version < ?")) {
                    p.setQueryTimeout(queryTimeoutSeconds);
                    p.setLong(1, state.version());
                    p.setBytes(2, GossipCodec.stateEntries(state));
                    p.setLong(3, nowMs);
                    p.setString(4, clusterId);
                    p.setInt(5, self.memberId());
                    p.setLong(6, self.incarnation());
                    p.setLong(7, state.version());
                    updated = p.executeUpdate();
                }
                if (updated != 1) {
                    c.rollback();
                    return Outcome.NOT_ALIVE;
                }
                c.commit();
                return Outcome.DONE;
            } catch (final SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /** Marks {@code self}'s incarnation LEFT, if it is still alive in the table. */
    Outcome leave(final MemberRecord self, final long nowMs) throws SQLException {
        return setStatus(self.memberId(), self.incarnation(), LEFT, nowMs);
    }

    /**
     * Writes this incarnation's I-am-alive time. Not a change of membership: no version bump.
     * Returns false when the table no longer holds this incarnation alive (declared dead, or the id
     * taken by a newer incarnation): the caller has learnt that it must not serve.
     */
    boolean iAmAlive(final MemberRecord self, final long nowMs) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE " + memberTable + " SET i_am_alive_ms = ?"
                 + " WHERE cluster_id = ? AND member_id = ? AND incarnation = ? AND status = " + ALIVE)) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setLong(1, nowMs);
            p.setString(2, clusterId);
            p.setInt(3, self.memberId());
            p.setLong(4, self.incarnation());
            return p.executeUpdate() == 1;
        }
    }

    /**
     * {@code voter} suspects {@code target}'s incarnation {@code targetIncarnation}: counts the
     * unexpired votes of other alive members on that incarnation; when they and this one reach
     * {@code min(votesNeeded, alive members other than the target that wrote I-am-alive within the
     * vote expiry)}, the target is marked DEAD,
     * otherwise this vote is written (or its time renewed). Returns {@link Outcome#DONE} for either
     * write, the {@link Vote} in {@code result}.
     */
    Outcome vote(final MemberRecord voter, final int target, final long targetIncarnation, final int votesNeeded,
        final long voteExpiryMs, final long nowMs, final Vote result) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                final long version = version(c);
                final List<TableSnapshot.Row> rows = rows(c);
                boolean voterAlive = false;
                boolean targetAlive = false;
                int otherAlive = 0;
                for (final TableSnapshot.Row row : rows) {
                    final MemberRecord r = row.record();
                    if (!r.alive()) {
                        continue;
                    }
                    if (r.memberId() == voter.memberId()) {
                        voterAlive = r.incarnation() == voter.incarnation();
                    }
                    if (r.memberId() == target) {
                        targetAlive = r.incarnation() == targetIncarnation;
                    } else if (r.memberId() == voter.memberId() || nowMs - row.iAmAliveMs() <= voteExpiryMs) {
                        // a member that wrote no I-am-alive for a vote expiry (a process gone while
                        // the table still says ALIVE, e.g. the whole cluster was killed) cannot vote,
                        // so it must not raise the number of votes needed either
                        otherAlive++;
                    }
                }
                if (!voterAlive) {
                    c.rollback();
                    return Outcome.NOT_ALIVE;
                }
                if (!targetAlive) {
                    c.rollback();
                    return Outcome.MOOT;
                }
                int votes = 1;
                try (PreparedStatement p = c.prepareStatement("SELECT v.voter_id FROM " + voteTable + " v JOIN "
                    + memberTable + " m ON m.cluster_id = v.cluster_id AND m.member_id = v.voter_id AND m.status = "
                    + ALIVE + " WHERE v.cluster_id = ? AND v.member_id = ? AND v.incarnation = ? AND v.voter_id <> ?"
                    + " AND v.voted_ms > ?")) {
                    p.setQueryTimeout(queryTimeoutSeconds);
                    p.setString(1, clusterId);
                    p.setInt(2, target);
                    p.setLong(3, targetIncarnation);
                    p.setInt(4, voter.memberId());
                    p.setLong(5, nowMs - voteExpiryMs);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            votes++;
                        }
                    }
                }
                final int needed = neededVotes(votesNeeded, otherAlive);
                if (!bump(c, version)) {
                    c.rollback();
                    return Outcome.CONFLICT;
                }
                if (votes >= needed) {
                    updateStatus(c, target, targetIncarnation, DEAD, nowMs);
                    deleteVotesOn(c, target);
                } else {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + voteTable
                        + " (cluster_id, member_id, voter_id, incarnation, voted_ms) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (cluster_id, member_id, voter_id) DO UPDATE SET"
                        + " incarnation = EXCLUDED.incarnation, voted_ms = EXCLUDED.voted_ms")) {
                        p.setQueryTimeout(queryTimeoutSeconds);
                        p.setString(1, clusterId);
                        p.setInt(2, target);
                        p.setInt(3, voter.memberId());
                        p.setLong(4, targetIncarnation);
                        p.setLong(5, nowMs);
                        p.executeUpdate();
                    }
                }
                c.commit();
                result.votes = votes;
                result.needed = needed;
                result.declaredDead = votes >= needed;
                return Outcome.DONE;
            } catch (final SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /**
     * Votes it takes to declare a member dead: the configured number, but never more than the alive
     * members other than the target (so a cluster of two can still declare one dead), and at least one.
     */
    static int neededVotes(final int votesNeeded, final int otherAlive) {
        return Math.max(1, Math.min(votesNeeded, otherAlive));
    }

    /** What a {@link #vote} counted; reused by the caller. */
    static final class Vote {
        int votes;
        int needed;
        boolean declaredDead;
    }

    private Outcome setStatus(final int memberId, final long incarnation, final int status, final long nowMs)
        throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                final long version = version(c);
                boolean alive = false;
                for (final TableSnapshot.Row row : rows(c)) {
                    final MemberRecord r = row.record();
                    alive |= r.memberId() == memberId && r.incarnation() == incarnation && r.alive();
                }
                if (!alive) {
                    c.rollback();
                    return Outcome.MOOT;
                }
                if (!bump(c, version)) {
                    c.rollback();
                    return Outcome.CONFLICT;
                }
                updateStatus(c, memberId, incarnation, status, nowMs);
                deleteVotesOn(c, memberId);
                c.commit();
                return Outcome.DONE;
            } catch (final SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    private void updateStatus(final Connection c, final int memberId, final long incarnation, final int status,
        final long nowMs) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + memberTable + " SET status = ?, changed_ms = ?"
            + " WHERE cluster_id = ? AND member_id = ? AND incarnation = ?")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setInt(1, status);
            p.setLong(2, nowMs);
            p.setString(3, clusterId);
            p.setInt(4, memberId);
            p.setLong(5, incarnation);
            p.executeUpdate();
        }
    }

    private void deleteVotesOn(final Connection c, final int memberId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + voteTable
            + " WHERE cluster_id = ? AND member_id = ?")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setString(1, clusterId);
            p.setInt(2, memberId);
            p.executeUpdate();
        }
    }

    private long version(final Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM " + versionTable + " WHERE cluster_id = ?")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setString(1, clusterId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no version row for cluster '" + clusterId + "' in " + versionTable
                        + " (was the table emptied by hand?)");
                }
                return rs.getLong(1);
            }
        }
    }

    /** The compare-and-set: bumps the version if it is still {@code expected}; false when it is not. */
    private boolean bump(final Connection c, final long expected) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + versionTable
            + " SET version = version + 1, changed_at = now() WHERE cluster_id = ? AND version = ?")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setString(1, clusterId);
            p.setLong(2, expected);
            return p.executeUpdate() == 1;
        }
    }

    private List<TableSnapshot.Row> rows(final Connection c) throws SQLException {
        final List<TableSnapshot.Row> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT member_id, incarnation, status, hosting, endpoint,"
            + " driver_key, i_am_alive_ms, state_version, state FROM " + memberTable
            + " WHERE cluster_id = ? ORDER BY member_id")) {
            p.setQueryTimeout(queryTimeoutSeconds);
            p.setString(1, clusterId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    final int status = rs.getInt(3);
                    if (status < 0 || status >= MemberStatus.values().length) {
                        throw new SQLException("member " + rs.getInt(1) + " has an unknown status " + status
                            + " in " + memberTable);
                    }
                    rows.add(new TableSnapshot.Row(new MemberRecord(rs.getInt(1), rs.getLong(2),
                        MemberStatus.values()[status], rs.getBoolean(4), rs.getString(5), rs.getString(6),
                        state(rs.getInt(1), rs.getLong(8), rs.getBytes(9))), rs.getLong(7)));
                }
            }
        }
        return rows;
    }

    /**
     * A row's state, checked as gossip checks it. A state no Grain wrote (edited by hand) is shown
     * as empty and logged, rather than failing every read of the table (which would stop every
     * member's membership over one cell).
     */
    private MemberState state(final int memberId, final long version, final byte[] entries) {
        if (entries.length == 0 && version == 0) {
            return MemberState.EMPTY;
        }
        try {
            return GossipCodec.stateOf(version, entries);
        } catch (final MalformedMessageException ex) {
            LOG.warn("member {} has a malformed state in {} ({}); it is read as empty", memberId, memberTable, ex.getMessage());
            return MemberState.EMPTY;
        }
    }

    String clusterId() {
        return clusterId;
    }
}
