package io.grain.membership.postgres;

import io.grain.transport.aeron.membership.ControlSender;
import io.grain.transport.aeron.membership.GossipCodec;
import io.grain.transport.aeron.membership.MalformedMessageException;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport side of the provider driven by hand, in the transport's virtual time (the nanos
 * passed to {@code doWork}), against a real PostgreSQL: suspicion after the probe timeout of
 * silence only, the fence after a stall of the transport thread, and first-hand introductions.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualTimeTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long STEP = 100 * MS;

    private DataSource database;
    private GatedDataSource gated;
    private MembershipTable table;
    private PostgresMembership provider;
    private final AtomicInteger probesTo2 = new AtomicInteger();
    private final AtomicInteger probesTo3 = new AtomicInteger();
    private long now;

    private final ControlSender sender = new ControlSender() {
        @Override
        public boolean sendToMember(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
            (memberId == 2 ? probesTo2 : probesTo3).incrementAndGet();
            return true;
        }

        @Override
        public boolean sendToEndpoint(final String endpoint, final DirectBuffer buffer, final int offset, final int length) {
            return false;
        }
    };

    @BeforeEach
    void setUp() {
        database = EmbeddedPostgresServer.newDataSource();
        gated = new GatedDataSource(database);
        table = new MembershipTable(database, "grain_membership", "vt", 5);
    }

    @AfterEach
    void tearDown() {
        gated.open();
        if (provider != null) {
            provider.close();
        }
    }

    private static MemberRecord member(final int id) {
        return new MemberRecord(id, System.currentTimeMillis(), MemberStatus.ALIVE, true, "127.0.0.1:" + (41000 + id), "k" + id);
    }

    private void startProvider() {
        provider = new PostgresMembership(new PostgresMembership.Context()
            .dataSource(gated)
            .clusterId("vt")
            .probeInterval(200, TimeUnit.MILLISECONDS)
            .probeTimeout(2, TimeUnit.SECONDS)
            .iAmAlivePeriod(300, TimeUnit.MILLISECONDS)
            .refreshPeriod(300, TimeUnit.MILLISECONDS));
        now = 0;
        provider.start(member(1), sender, now);
        // the transport thread spins on doWork without its clock moving until the join is applied
        Await.until(Await.CONVERGE, () -> {
            provider.doWork(now);
            return provider.view().isAlive(1);
        }, () -> "member 1 never joined: " + provider.view());
    }

    /** Moves the transport's clock on in steps shorter than the probe timeout, calling doWork at each. */
    private void advance(final long byNs, final int... heard) {
        final long end = now + byNs;
        while (now < end) {
            now += STEP;
            for (final int id : heard) {
                provider.onActivity(id, now);
            }
            provider.doWork(now);
        }
    }

    @Test
    void onlyAMemberSilentForTheProbeTimeoutIsSuspectedAndVotedOn() throws Exception {
        table.createSchema();
        table.join(member(2), System.currentTimeMillis());
        table.join(member(3), System.currentTimeMillis());
        startProvider();
        assertTrue(provider.view().isAlive(2) && provider.view().isAlive(3));

        // both heard from for 1.9 s: nobody is suspected
        advance(1900 * MS, 2, 3);
        assertEquals(0, votesBy(1), "no vote while every member is heard from");
        assertTrue(probesTo2.get() > 0 && probesTo3.get() > 0, "every alive member is probed");

        // 3 falls silent: suspected once silent for the probe timeout, never before
        advance(1900 * MS, 2);
        assertEquals(0, votesBy(1), "silent for 1.9 s < the 2 s probe timeout");
        advance(300 * MS, 2);
        Await.until(Await.CONVERGE, () -> {
            provider.doWork(now);
            return votesOn(3) == 1;
        }, () -> "no vote on member 3");
        assertEquals(0, votesOn(2), "member 2 was heard from all along");
        assertTrue(provider.view().isAlive(3), "one vote of the two needed: 3 stays alive");
    }

    @Test
    void aStalledTransportThreadWithholdsItsMemberFromPlacementUntilTheTableIsReadAgain() {
        startProvider();
        assertTrue(provider.view().hostingView().contains(1));
        advance(1000 * MS);
        assertTrue(provider.view().hostingView().contains(1), "a normal cycle changes nothing");

        gated.close();
        now += 3000 * MS; // the thread did not run for 3 s (> the 2 s probe timeout)
        provider.doWork(now);
        assertFalse(provider.view().hostingView().contains(1), "out of placement at once after the stall");
        assertTrue(provider.view().isAlive(1), "still alive in the table's view");
        advance(500 * MS);
        assertFalse(provider.view().hostingView().contains(1), "until the table has been read again");

        gated.open();
        Await.until(Await.CONVERGE, () -> {
            provider.doWork(now);
            return provider.view().hostingView().contains(1);
        }, () -> "never back in placement: " + provider.view());
    }

    @Test
    void aProbeIntroducesAMemberTheTableDoesNotShowYetAndGarbageIsRefused() throws Exception {
        startProvider();
        gated.close(); // the table is not read again: only the introduction can show member 5
        final MemberRecord five = member(5);
        final ExpandableDirectByteBuffer probe = new ExpandableDirectByteBuffer(256);
        final int length = GossipCodec.encodeHeartbeat(probe, 0, 7, five);
        provider.onControlMessage(5, probe, 0, length, now);
        assertTrue(provider.view().isAlive(5), "first hand: a member speaks for its own new incarnation");

        final MalformedMessageException wrongSender = assertThrows(MalformedMessageException.class,
            () -> provider.onControlMessage(6, probe, 0, length, now));
        assertTrue(wrongSender.getMessage().contains("another"), wrongSender.getMessage());
        assertFalse(provider.view().isAlive(6));
        final ExpandableDirectByteBuffer garbage = new ExpandableDirectByteBuffer(8);
        garbage.putLong(0, -1L);
        assertThrows(MalformedMessageException.class, () -> provider.onControlMessage(5, garbage, 0, 8, now));

        // the table never confirms it (member 5 never joined): it is dropped again
        gated.open();
        Await.until(Await.CONVERGE, () -> {
            now += STEP;
            provider.doWork(now);
            return !provider.view().isAlive(5);
        }, () -> "an introduction the table never confirmed stays: " + provider.view());
    }

    private int votesBy(final int voter) {
        return count("SELECT count(*) FROM grain_membership_vote WHERE cluster_id = 'vt' AND voter_id = " + voter);
    }

    private int votesOn(final int member) {
        return count("SELECT count(*) FROM grain_membership_vote WHERE cluster_id = 'vt' AND member_id = " + member);
    }

    private int count(final String sql) {
        try (Connection c = database.getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (final SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A DataSource whose connections wait while it is closed: the database thread stands still. */
    private static final class GatedDataSource implements DataSource {
        private final DataSource target;
        private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));

        GatedDataSource(final DataSource target) {
            this.target = target;
        }

        void close() {
            gate.compareAndSet(gate.get(), new CountDownLatch(1));
        }

        void open() {
            gate.get().countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                gate.get().await();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", ex);
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(final String user, final String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(final PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(final int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(final Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(final Class<?> type) {
            return false;
        }
    }
}
