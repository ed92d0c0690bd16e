package io.grain.membership.postgres;

import io.grain.runtime.membership.MemberState;
import io.grain.transport.aeron.membership.MemberRecord;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The database side of a {@link PostgresMembership}: joins, writes I-am-alive, reads the table
 * when its version moved (or when asked), votes on the members the transport thread suspects,
 * writes the state this member publishes, learns that this member was declared dead and rejoins it as
 * a new incarnation (carrying its state), and writes LEFT on
 * leave. Each pass of its loop does what is due, then parks until the next thing is due or it is
 * woken. A failed pass (database unreachable, a timeout) changes nothing the transport sees: the
 * last view stays; the pass is tried again every {@link #RETRY_NS} at most.
 *
 * <p>Thread ownership: {@link #run} is the provider's database thread, the only thread that touches
 * the {@link MembershipTable} and the fields here without a volatile; {@link #wake}, {@link #stop},
 * {@link #failures} and {@link #declaredDead} may be called from any thread.
 */
final class TableWorker implements Runnable {
    /** Wait after a failed pass before the next attempt (at most; a wake-up comes sooner). */
    static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Logger LOG = LoggerFactory.getLogger(TableWorker.class);

    private final PostgresMembership provider;
    private final MembershipTable table;
    private final PostgresMembership.Context ctx;
    private final OutageLog outage;
    private final MembershipTable.Vote vote = new MembershipTable.Vote();
    /** When this member last voted on each suspect (nanoTime) and on which incarnation. */
    private final Long2LongHashMap votedAtNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap votedIncarnation = new Long2LongHashMap(-1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long failures;
    private volatile long declaredDead;
    private volatile Thread thread;
    /** LEFT written, or nothing to write: {@link #stop} need not wait any longer. */
    private volatile boolean leaveSettled;

    private MemberRecord self;
    private boolean schemaReady;
    private boolean joined;
    private boolean left;
    /** Declared dead: out until {@link #rejoinAtNs}. */
    private boolean out;
    /** Another process holds this member id with a newer incarnation: out for good. */
    private boolean superseded;
    private long rejoinAtNs;
    private long nextIAmAliveNs;
    private long nextRefreshNs;
    private boolean readWanted;

    TableWorker(final PostgresMembership provider, final MembershipTable table, final PostgresMembership.Context ctx,
        final MemberRecord self) {
        this.provider = provider;
        this.table = table;
        this.ctx = ctx;
        this.self = self;
        this.outage = new OutageLog(LOG, self.memberId(), PostgresMembership.OUTAGE_LOG_INTERVAL_NS);
    }

    void thread(final Thread thread) {
        this.thread = thread;
    }

    /** Makes the database thread run a pass now. Any thread. */
    void wake() {
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    long failures() {
        return failures;
    }

    long declaredDead() {
        return declaredDead;
    }

    /**
     * Stops the loop: first waits up to {@code leaveTimeoutNs} for a requested leave to be written,
     * then stops and waits (bounded by the query timeout) for the thread to end. Any thread.
     */
    void stop(final long leaveTimeoutNs) {
        final long deadline = System.nanoTime() + leaveTimeoutNs;
        while (leaveTimeoutNs > 0 && !leftOrGaveUp() && System.nanoTime() - deadline < 0) {
            wake();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        stopping = true;
        wake();
        try {
            if (!stopped.await(ctx.queryTimeoutSeconds() + 1L, TimeUnit.SECONDS)) {
                LOG.warn("member {}: the membership database thread did not stop in time", self.memberId());
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean leftOrGaveUp() {
        return leaveSettled;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                final long nowNs = System.nanoTime();
                long waitNs;
                try {
                    waitNs = pass(nowNs);
                    outage.succeeded(nowNs);
                } catch (final SQLException | RuntimeException ex) {
                    failures++;
                    outage.failed(ex, nowNs, provider.view().aliveIds().length);
                    waitNs = RETRY_NS;
                }
                if (!stopping && waitNs > 0) {
                    LockSupport.parkNanos(this, waitNs);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Does what is due; returns how long to park before the next pass (0: at once). */
    private long pass(final long nowNs) throws SQLException {
        if (!schemaReady) {
            table.createSchema();
            schemaReady = true;
        }
        if (provider.leaveRequested()) {
            return leave();
        }
        if (!joined || (out && !superseded && nowNs - rejoinAtNs >= 0)) {
            if (!join(nowNs)) {
                return 0;
            }
        }
        final MemberState wanted = provider.wantedState();
        if (!out && wanted.version() > self.state().version()) {
            switch (table.setState(self, wanted, now())) {
                case CONFLICT -> {
                    return 0;
                }
                case DONE -> {
                    self = self.withState(wanted);
                    provider.publishSelf(self);
                    readWanted = true;
                }
                // not alive at this incarnation: the read below finds out, and the rejoin carries the state
                default -> readWanted = true;
            }
        }
        if (nowNs - nextIAmAliveNs >= 0 && !out) {
            nextIAmAliveNs = nowNs + ctx.iAmAlivePeriodNs();
            if (!table.iAmAlive(self, now())) {
                readWanted = true;
            }
        }
        final long fence = provider.requestedFence();
        final boolean fenceWanted = fence > provider.confirmedFence();
        final TableSnapshot known = provider.snapshot();
        if (known == null) {
            // joined, but the read after the join failed: read before anything else
            readWanted = true;
        }
        if (readWanted || provider.takeRefreshWanted() || fenceWanted || nowNs - nextRefreshNs >= 0
            || provider.announcedVersion() > known.version()) {
            nextRefreshNs = nowNs + ctx.refreshPeriodNs();
            final boolean mustRead = readWanted || fenceWanted;
            readWanted = false;
            if (mustRead || table.readVersion() != known.version()) {
                read(nowNs);
            }
            provider.confirmFence(fence);
        }
        if (!out && !vote(nowNs)) {
            return 0;
        }
        long waitNs = Math.min(nextIAmAliveNs, nextRefreshNs) - nowNs;
        if (out && !superseded) {
            waitNs = Math.min(waitNs, rejoinAtNs - nowNs);
        }
        return Math.max(waitNs, 1);
    }

    /** Reads the table, publishes it, and finds out whether this member is still alive in it. */
    private void read(final long nowNs) throws SQLException {
        final TableSnapshot s = table.read();
        provider.publish(s);
        if (out || provider.leaveRequested()) {
            // already out, or on the way out: nothing to learn
            return;
        }
        final MemberRecord mine = s.record(self.memberId());
        if (mine != null && mine.incarnation() == self.incarnation() && mine.alive()) {
            return;
        }
        out = true;
        if (mine != null && mine.incarnation() > self.incarnation()) {
            superseded = true;
            LOG.error("member {}: the membership table holds a newer incarnation of this member id ({}); another"
                + " process runs with this id. This one stays out of the cluster: stop it, or give it another id",
                self, mine);
        } else {
            rejoinAtNs = nowNs + ctx.rejoinDelayNs();
            LOG.warn("member {} learnt from the membership table that it is {}; it hosts nothing and rejoins as a new"
                + " incarnation in {} ms", self, mine == null ? "gone" : mine.status(),
                TimeUnit.NANOSECONDS.toMillis(ctx.rejoinDelayNs()));
        }
    }

    private boolean join(final long nowNs) throws SQLException {
        final long wall = now();
        // a new incarnation: above the old one, and the wall clock when that is higher (as a restart would)
        final MemberRecord previous = joined ? self.withIncarnation(Math.max(wall, self.incarnation() + 1)) : self;
        final MemberState wanted = provider.wantedState();
        final MemberRecord base = wanted.version() > previous.state().version() ? previous.withState(wanted) : previous;
        final MemberRecord written = table.join(base, wall);
        if (written == null) {
            return false;
        }
        final boolean rejoin = joined;
        self = written;
        provider.publishSelf(written);
        joined = true;
        out = false;
        votedAtNs.clear();
        votedIncarnation.clear();
        nextIAmAliveNs = nowNs + ctx.iAmAlivePeriodNs();
        read(nowNs);
        LOG.info("member {} {} the membership table of cluster '{}' (version {})", written,
            rejoin ? "rejoined" : "joined", ctx.clusterId(), provider.snapshot().version());
        return true;
    }

    /** Writes LEFT once (retrying conflicts), then idles until stopped. */
    private long leave() throws SQLException {
        if (joined && !left && !out) {
            final MembershipTable.Outcome outcome = table.leave(self, now());
            if (outcome == MembershipTable.Outcome.CONFLICT) {
                return 0;
            }
            left = true;
            read(System.nanoTime());
            LOG.info("member {} left the membership table", self);
        }
        leaveSettled = true;
        return TimeUnit.SECONDS.toNanos(1);
    }

    /** Votes on each suspect that needs this member's (renewed) vote; false after a conflict. */
    private boolean vote(final long nowNs) throws SQLException {
        final long[] pairs = provider.suspects();
        final TableSnapshot s = provider.snapshot();
        for (int i = 0; i < pairs.length; i += 2) {
            final int target = (int)pairs[i];
            final long incarnation = pairs[i + 1];
            final MemberRecord r = s.record(target);
            if (r == null || !r.alive() || r.incarnation() != incarnation) {
                continue;
            }
            if (votedIncarnation.get(target) == incarnation && nowNs - votedAtNs.get(target) < ctx.voteExpiryNs() / 2) {
                continue;
            }
            final MembershipTable.Outcome outcome = table.vote(self, target, incarnation, ctx.votesNeeded(),
                TimeUnit.NANOSECONDS.toMillis(ctx.voteExpiryNs()), now(), vote);
            switch (outcome) {
                case CONFLICT -> {
                    read(nowNs);
                    return false;
                }
                case NOT_ALIVE, MOOT -> {
                    read(nowNs);
                    return true;
                }
                case DONE -> {
                    votedIncarnation.put(target, incarnation);
                    votedAtNs.put(target, nowNs);
                    if (vote.declaredDead) {
                        declaredDead++;
                        LOG.warn("member {} declared dead by {} of {} votes needed (the last one member {}'s)", r,
                            vote.votes, vote.needed, self.memberId());
                    } else {
                        LOG.info("member {} voted member {} dead: {} of {} votes needed", self.memberId(), r,
                            vote.votes, vote.needed);
                    }
                    read(nowNs);
                }
                default -> throw new IllegalStateException("unknown outcome " + outcome);
            }
        }
        return true;
    }

    private long now() {
        return ctx.epochClock().time();
    }
}
