package io.grain.membership.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grain.runtime.membership.MemberState;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.ControlSender;
import io.grain.transport.aeron.membership.GossipCodec;
import io.grain.transport.aeron.membership.MalformedMessageException;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MembershipProvider;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Membership whose source of truth is a table in PostgreSQL, after Orleans' membership table: the
 * alternative to the embedded {@link io.grain.transport.aeron.membership.GossipMembership} for
 * clusters of many hosts, which then need no seed lists (every member finds the others in the table).
 *
 * <ul>
 *   <li><b>Join.</b> A member writes its record ALIVE (a compare-and-set on the cluster's version
 *   row, see {@link MembershipTable}) and reads the table; its view is the table.</li>
 *   <li><b>I-am-alive.</b> Every {@link Context#iAmAlivePeriod} a member writes its I-am-alive time,
 *   only where its incarnation is still ALIVE: when nothing is written, it has learnt that it was
 *   declared dead.</li>
 *   <li><b>Probes.</b> Every {@link Context#probeInterval} a member sends each alive member a probe
 *   over the transport (the heartbeat of the gossip codec, carrying its record and the table version
 *   it knows). Any frame from a member is proof of life. A member silent for the
 *   {@link Context#probeTimeout}, or whose image was lost and which stayed silent for the
 *   {@link Context#imageLossGrace}, is <em>suspected</em>.</li>
 *   <li><b>Votes.</b> A member that suspects another writes a vote on that incarnation in the table;
 *   the vote that brings the unexpired votes of alive members to {@link Context#votesNeeded} (never
 *   more than the alive members other than the suspect that wrote I-am-alive within the vote
 *   expiry) marks it DEAD. One observer alone cannot declare a member dead (unless it is the only
 *   other member still writing I-am-alive). A vote expires after the
 *   {@link Context#voteExpiry}; a voter renews it while it still suspects.</li>
 *   <li><b>Coming back.</b> A member declared dead learns it from the table (its I-am-alive writes
 *   nothing, its row says DEAD), shows itself DEAD in its own view (so it hosts nothing), and after
 *   the {@link Context#rejoinDelay} joins again as a new incarnation. A member whose transport
 *   thread stalled for longer than the probe timeout (a pause, a SIGSTOP) withholds itself from
 *   placement until it has read the table again. A member whose id was taken by a newer incarnation
 *   (another process started with its id) stays out for good.</li>
 *   <li><b>Database unreachable.</b> The last view stays, calls go on, probes go on; suspicions wait
 *   for the database. Failures are logged at most every {@link #OUTAGE_LOG_INTERVAL_NS}; work
 *   resumes by itself when the database answers again.</li>
 * </ul>
 *
 * <p>Thread ownership: the methods of {@link MembershipProvider} run on the transport thread and
 * never block: all database I/O runs on this provider's own thread ({@code grain-pg-membership-<id>},
 * started by {@link #start}). The two threads share only volatile fields: the database thread
 * publishes the table it read ({@code snapshot}), this member's record ({@code self}) and the fence
 * it confirmed; the transport thread publishes the suspects, the fence it asks for, and requests
 * (refresh, leave), and unparks the database thread. {@link #view()} and the accessors may be
 * called from any thread; {@link #close()} by the thread that stops the transport.
 */
public final class PostgresMembership implements MembershipProvider {
    /** Least time between two log lines about an unreachable database. */
    public static final long OUTAGE_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    /** How far ahead of this member's wall clock an introduced incarnation may be. */
    static final long MAX_INCARNATION_AHEAD_MS = TimeUnit.DAYS.toMillis(1);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMembership.class);
    private static final long[] NO_SUSPECTS = new long[0];

    private final Context ctx;
    private final HikariDataSource ownedPool;
    private final MembershipTable table;

    // ---- shared between the threads (volatile) ----
    /** The table as last read; null until this member joined. Written by the database thread. */
    private volatile TableSnapshot snapshot;
    /** This member's record as the table holds it (incarnation changes on rejoin). Database thread writes. */
    private volatile MemberRecord self;
    /** Fences the database thread confirmed by reading the table after them. */
    private volatile long confirmedFence;
    /** Fences the transport thread asked for (after a stall). */
    private volatile long requestedFence;
    /** Pairs (member id, incarnation) this member suspects; written by the transport thread. */
    private volatile long[] suspects = NO_SUSPECTS;
    /** Highest table version a probe announced; written by the transport thread. */
    private volatile long announcedVersion = -1;
    private volatile boolean refreshWanted;
    private volatile boolean leaveRequested;
    /** The newest state this member published; the database thread writes it to this member's row. */
    private volatile MemberState wantedState = MemberState.EMPTY;
    private volatile ClusterView view = ClusterView.EMPTY;
    private volatile TableWorker worker;

    // ---- transport thread only ----
    private ControlSender sender;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(512);
    private final GossipCodec.Message message = new GossipCodec.Message(1);
    private final Long2LongHashMap lastHeardNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap trackedIncarnation = new Long2LongHashMap(-1);
    private final Long2LongHashMap imageLostNs = new Long2LongHashMap(Long.MIN_VALUE);
    /** Incarnations declared dead from outside (this member's vote), by member id. */
    private final Long2LongHashMap declared = new Long2LongHashMap(-1);
    /** Records peers introduced first hand that the table did not show yet, and when. */
    private final List<MemberRecord> introduced = new ArrayList<>();
    private final Long2LongHashMap introducedAtNs = new Long2LongHashMap(Long.MIN_VALUE);
    private TableSnapshot appliedSnapshot;
    private boolean appliedFence;
    private boolean introducedChanged;
    private long lastCycleNs;
    private long nextProbeNs;
    private long[] lastSuspects = NO_SUSPECTS;
    private int selfId = -1;

    /** A provider with the settings of {@code ctx}; makes (and owns) a pool when given a URL. */
    public PostgresMembership(final Context ctx) {
        ctx.conclude();
        this.ctx = ctx;
        if (ctx.dataSource != null) {
            this.ownedPool = null;
            this.table = new MembershipTable(ctx.dataSource, ctx.tablePrefix, ctx.clusterId, ctx.queryTimeoutSeconds);
        } else {
            this.ownedPool = pool(ctx);
            this.table = new MembershipTable(ownedPool, ctx.tablePrefix, ctx.clusterId, ctx.queryTimeoutSeconds);
        }
    }

    private static HikariDataSource pool(final Context ctx) {
        final HikariConfig config = new HikariConfig();
        config.setJdbcUrl(ctx.url);
        if (ctx.user != null) {
            config.setUsername(ctx.user);
        }
        if (ctx.password != null) {
            config.setPassword(ctx.password);
        }
        config.setPoolName("grain-pg-membership");
        // one thread uses the pool: two connections leave one spare while the other is replaced
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // a member may start while the database is down: it joins once the database answers
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(ctx.queryTimeoutSeconds));
        config.setValidationTimeout(Math.min(TimeUnit.SECONDS.toMillis(ctx.queryTimeoutSeconds), 5_000));
        // without these a lost server can hold the database thread for the operating system's TCP timeouts
        config.addDataSourceProperty("connectTimeout", String.valueOf(ctx.queryTimeoutSeconds));
        config.addDataSourceProperty("socketTimeout", String.valueOf(2 * ctx.queryTimeoutSeconds));
        config.addDataSourceProperty("ApplicationName", "grain-membership");
        return new HikariDataSource(config);
    }

    // ---------------------------------------------------------------- accessors (any thread)

    @Override
    public ClusterView view() {
        return view;
    }

    /** This member's record as the table holds it (a new incarnation after a rejoin); null before {@link #start}. */
    public MemberRecord self() {
        return self;
    }

    /** True once this member's record is in the table and the table was read. */
    public boolean joined() {
        return snapshot != null;
    }

    /** The table's version as this member last read it; -1 before joining. */
    public long tableVersion() {
        final TableSnapshot s = snapshot;
        return s == null ? -1 : s.version();
    }

    /** Attempts at the database that failed (unreachable, timed out, refused) since start. */
    public long databaseFailures() {
        final TableWorker w = worker;
        return w == null ? 0 : w.failures();
    }

    /** How many incarnations the votes of this member (with others') declared dead. */
    public long declaredDead() {
        final TableWorker w = worker;
        return w == null ? 0 : w.declaredDead();
    }

    /** The settings. */
    public Context context() {
        return ctx;
    }

    // ---------------------------------------------------------------- transport thread

    @Override
    public void start(final MemberRecord self, final ControlSender sender, final long nowNs) {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        this.self = Objects.requireNonNull(self, "self");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.selfId = self.memberId();
        this.lastCycleNs = nowNs;
        this.nextProbeNs = nowNs;
        final TableWorker w = new TableWorker(this, table, ctx, self);
        worker = w;
        final Thread thread = new Thread(w, "grain-pg-membership-" + self.memberId());
        thread.setDaemon(true);
        w.thread(thread);
        thread.start();
        LOG.info("member {} starting on the membership table of cluster '{}' ({}_member)", self, ctx.clusterId,
            ctx.tablePrefix);
    }

    @Override
    public int doWork(final long nowNs) {
        int work = 0;
        if (nowNs - lastCycleNs > ctx.probeTimeoutNs) {
            // This thread did not run for longer than a peer waits before suspecting us: we may have
            // been declared dead meanwhile. Stay out of placement until the table has been read.
            requestedFence = requestedFence + 1;
            LOG.warn("member {}: the transport thread stalled for {} ms; out of placement until the membership"
                + " table is read again", selfId, TimeUnit.NANOSECONDS.toMillis(nowNs - lastCycleNs));
            // silence during our own stall says nothing about the peers
            for (final Long2LongHashMap.KeyIterator it = lastHeardNs.keySet().iterator(); it.hasNext(); ) {
                lastHeardNs.put(it.nextValue(), nowNs);
            }
            wakeWorker();
            work++;
        }
        lastCycleNs = nowNs;
        work += applyTable(nowNs);
        if (nowNs - nextProbeNs >= 0) {
            nextProbeNs = nowNs + ctx.probeIntervalNs;
            work += probe(nowNs);
        }
        return work;
    }

    /** Rebuilds the view when the table, the fence or the introduced records changed. */
    private int applyTable(final long nowNs) {
        final TableSnapshot s = snapshot;
        final boolean fenced = requestedFence > confirmedFence;
        if (s == appliedSnapshot && fenced == appliedFence && !introducedChanged && introduced.isEmpty()) {
            return 0;
        }
        boolean expired = false;
        for (int i = introduced.size() - 1; i >= 0; i--) {
            final MemberRecord r = introduced.get(i);
            final MemberRecord inTable = s == null ? null : s.record(r.memberId());
            if ((inTable != null && inTable.generation() >= r.generation())
                || nowNs - introducedAtNs.get(r.memberId()) > Math.max(ctx.probeTimeoutNs, 3 * ctx.refreshPeriodNs)) {
                // the table caught up, or never showed it: the table is the truth
                introduced.remove(i);
                introducedAtNs.remove(r.memberId());
                expired = true;
            }
        }
        if (s == appliedSnapshot && fenced == appliedFence && !introducedChanged && !expired) {
            return 0;
        }
        appliedSnapshot = s;
        appliedFence = fenced;
        introducedChanged = false;
        if (s == null) {
            return 0;
        }
        ClusterView next = s.view();
        if (!introduced.isEmpty()) {
            next = merge(next, introduced);
        }
        if (fenced) {
            next = next.withoutHosting(new int[] {selfId});
        }
        track(next, nowNs);
        view = next;
        return 1;
    }

    private static ClusterView merge(final ClusterView table, final List<MemberRecord> introduced) {
        final List<MemberRecord> records = new ArrayList<>(table.records());
        for (final MemberRecord r : introduced) {
            int at = 0;
            while (at < records.size() && records.get(at).memberId() < r.memberId()) {
                at++;
            }
            if (at < records.size() && records.get(at).memberId() == r.memberId()) {
                records.set(at, r);
            } else {
                records.add(at, r);
            }
        }
        return new ClusterView(records);
    }

    /** Follows the alive peers of {@code next}: a new peer or incarnation starts its silence now. */
    private void track(final ClusterView next, final long nowNs) {
        for (final MemberRecord r : next.records()) {
            if (r.memberId() == selfId) {
                continue;
            }
            if (r.alive()) {
                if (trackedIncarnation.get(r.memberId()) != r.incarnation()) {
                    trackedIncarnation.put(r.memberId(), r.incarnation());
                    lastHeardNs.put(r.memberId(), nowNs);
                    imageLostNs.remove(r.memberId());
                }
            } else if (trackedIncarnation.containsKey(r.memberId())) {
                trackedIncarnation.remove(r.memberId());
                lastHeardNs.remove(r.memberId());
                imageLostNs.remove(r.memberId());
                declared.remove(r.memberId());
            }
        }
    }

    /** Sends every alive peer a probe and publishes whom this member suspects. */
    private int probe(final long nowNs) {
        final ClusterView v = view;
        final MemberRecord me = self;
        final TableSnapshot s = appliedSnapshot;
        if (s == null) {
            return 0;
        }
        final int length = GossipCodec.encodeHeartbeat(out, 0, s.version(), me);
        int work = 0;
        int suspected = 0;
        long[] found = null;
        for (final MemberRecord r : v.records()) {
            if (r.memberId() == selfId || !r.alive()) {
                continue;
            }
            sender.sendToMember(r.memberId(), out, 0, length);
            work++;
            final long heard = lastHeardNs.get(r.memberId());
            final long lost = imageLostNs.get(r.memberId());
            final boolean silent = heard != Long.MIN_VALUE && nowNs - heard > ctx.probeTimeoutNs;
            final boolean imageGone = lost != Long.MIN_VALUE && lost - heard >= 0 && nowNs - lost > ctx.imageLossGraceNs;
            final boolean byOrder = declared.get(r.memberId()) == r.incarnation();
            if (silent || imageGone || byOrder) {
                if (found == null) {
                    found = new long[2 * v.records().size()];
                }
                found[suspected++] = r.memberId();
                found[suspected++] = r.incarnation();
            }
        }
        final long[] now = found == null ? NO_SUSPECTS : Arrays.copyOf(found, suspected);
        if (!Arrays.equals(now, lastSuspects)) {
            for (int i = 0; i < now.length; i += 2) {
                if (!contains(lastSuspects, now[i], now[i + 1])) {
                    LOG.warn("member {} suspects member {} (incarnation {}): {}", selfId, now[i], now[i + 1],
                        declared.get((int)now[i]) == now[i + 1] ? "declared dead from outside"
                            : "no frame for " + TimeUnit.NANOSECONDS.toMillis(nowNs - lastHeardNs.get((int)now[i])) + " ms");
                }
            }
            lastSuspects = now;
            suspects = now;
            wakeWorker();
        }
        return work;
    }

    private static boolean contains(final long[] pairs, final long id, final long incarnation) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == id && pairs[i + 1] == incarnation) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onControlMessage(final int senderId, final DirectBuffer buffer, final int offset, final int length,
        final long nowNs) {
        GossipCodec.decode(buffer, offset, length, message);
        if (message.kind() != GossipCodec.KIND_HEARTBEAT) {
            throw new MalformedMessageException("a gossip table sent to a member on PostgreSQL membership"
                + " (every member of a cluster must use the same membership provider)");
        }
        final MemberRecord from = message.records().get(0);
        if (from.memberId() != senderId) {
            throw new MalformedMessageException("probe from one member carries the record of another");
        }
        if (from.incarnation() > ctx.epochClock.time() + MAX_INCARNATION_AHEAD_MS) {
            throw new MalformedMessageException("a probe's incarnation is more than a day ahead of this member's clock");
        }
        if (message.digest() > announcedVersion) {
            announcedVersion = message.digest();
            final TableSnapshot s = snapshot;
            if (s != null && message.digest() > s.version()) {
                // the sender has read a newer table: read it too, rather than wait for the refresh period
                refreshWanted = true;
                wakeWorker();
            }
        }
        final MemberRecord known = view.record(senderId);
        if (from.alive() && snapshot != null && (known == null || from.generation() > known.generation())) {
            // A member that joined (or rejoined) after this member last read the table: take its word
            // for its own record at once, so that a reply to its first call can reach it; the table
            // read this triggers confirms it (or it is dropped).
            for (int i = introduced.size() - 1; i >= 0; i--) {
                if (introduced.get(i).memberId() == senderId) {
                    introduced.remove(i);
                }
            }
            introduced.add(from);
            introducedAtNs.put(senderId, nowNs);
            introducedChanged = true;
            refreshWanted = true;
            wakeWorker();
            applyTable(nowNs);
        }
    }

    @Override
    public int encodeIntroduction(final MutableDirectBuffer buffer, final int offset) {
        final TableSnapshot s = snapshot;
        return GossipCodec.encodeHeartbeat(buffer, offset, s == null ? -1 : s.version(), self);
    }

    @Override
    public void onActivity(final int memberId, final long nowNs) {
        if (lastHeardNs.containsKey(memberId)) {
            lastHeardNs.put(memberId, nowNs);
        }
    }

    @Override
    public void onImageLost(final int memberId, final long nowNs) {
        if (trackedIncarnation.containsKey(memberId)) {
            imageLostNs.put(memberId, nowNs);
        }
    }

    /**
     * Casts this member's vote that {@code memberId} is dead; it is declared dead only when enough
     * members agree ({@link Context#votesNeeded}). The vote stands (renewed) until that incarnation
     * is gone.
     */
    @Override
    public void declareDead(final int memberId, final long nowNs) {
        final MemberRecord r = view.record(memberId);
        if (memberId != selfId && r != null && r.alive()) {
            LOG.warn("member {} declared dead from outside: member {} casts its vote", r, selfId);
            declared.put(memberId, r.incarnation());
            nextProbeNs = nowNs;
        }
    }

    /**
     * This member's new state: the database thread writes it to this member's row (bumping the
     * table's version, so every member reads it within a probe interval). Only the newest state is
     * written when several come quickly.
     */
    @Override
    public void publishState(final MemberState state, final long nowNs) {
        if (state.version() > wantedState.version()) {
            wantedState = state;
            wakeWorker();
        }
    }

    @Override
    public void leave(final long nowNs) {
        if (!leaveRequested) {
            leaveRequested = true;
            wakeWorker();
        }
    }

    private void wakeWorker() {
        final TableWorker w = worker;
        if (w != null) {
            w.wake();
        }
    }

    /**
     * Stops the database thread (after writing LEFT when {@link #leave} was called, within the
     * {@link Context#leaveTimeout}) and closes the pool this provider made. Idempotent.
     */
    @Override
    public void close() {
        final TableWorker w = worker;
        if (w != null) {
            w.stop(leaveRequested ? ctx.leaveTimeoutNs : 0);
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    // ---------------------------------------------------------------- shared with the database thread

    TableSnapshot snapshot() {
        return snapshot;
    }

    void publish(final TableSnapshot s) {
        snapshot = s;
    }

    void publishSelf(final MemberRecord record) {
        self = record;
    }

    long[] suspects() {
        return suspects;
    }

    long requestedFence() {
        return requestedFence;
    }

    long confirmedFence() {
        return confirmedFence;
    }

    void confirmFence(final long fence) {
        confirmedFence = fence;
    }

    boolean takeRefreshWanted() {
        if (refreshWanted) {
            refreshWanted = false;
            return true;
        }
        return false;
    }

    long announcedVersion() {
        return announcedVersion;
    }

    boolean leaveRequested() {
        return leaveRequested;
    }

    MemberState wantedState() {
        return wantedState;
    }

    /**
     * Settings of a {@link PostgresMembership}, with defaults named as constants; validated when the
     * provider is made. Give either a {@link #dataSource} or a {@link #url} (with {@link #user} and
     * {@link #password}), and the same {@link #clusterId} to every member of one cluster. Not thread
     * safe; build on one thread.
     */
    public static final class Context {
        public static final String DEFAULT_CLUSTER_ID = "grain";
        public static final String DEFAULT_TABLE_PREFIX = "grain_membership";
        public static final long DEFAULT_I_AM_ALIVE_PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
        public static final long DEFAULT_REFRESH_PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
        public static final long DEFAULT_PROBE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
        public static final long DEFAULT_PROBE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
        public static final long DEFAULT_IMAGE_LOSS_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(500);
        public static final int DEFAULT_VOTES_NEEDED = 2;
        public static final long DEFAULT_VOTE_EXPIRY_NS = TimeUnit.SECONDS.toNanos(10);
        public static final long DEFAULT_REJOIN_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(500);
        public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 3;
        public static final long DEFAULT_LEAVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
        private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private String clusterId = DEFAULT_CLUSTER_ID;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private long iAmAlivePeriodNs = DEFAULT_I_AM_ALIVE_PERIOD_NS;
        private long refreshPeriodNs = DEFAULT_REFRESH_PERIOD_NS;
        private long probeIntervalNs = DEFAULT_PROBE_INTERVAL_NS;
        private long probeTimeoutNs = DEFAULT_PROBE_TIMEOUT_NS;
        private long imageLossGraceNs = DEFAULT_IMAGE_LOSS_GRACE_NS;
        private int votesNeeded = DEFAULT_VOTES_NEEDED;
        private long voteExpiryNs = DEFAULT_VOTE_EXPIRY_NS;
        private long rejoinDelayNs = DEFAULT_REJOIN_DELAY_NS;
        private int queryTimeoutSeconds = DEFAULT_QUERY_TIMEOUT_SECONDS;
        private long leaveTimeoutNs = DEFAULT_LEAVE_TIMEOUT_NS;
        private EpochClock epochClock = SystemEpochClock.INSTANCE;

        /** Connections from this DataSource (not closed by the provider); instead of {@link #url}. */
        public Context dataSource(final DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** {@code jdbc:postgresql://host:port/database}: the provider makes and owns a small HikariCP pool. */
        public Context url(final String url) {
            this.url = url;
            return this;
        }

        public Context user(final String user) {
            this.user = user;
            return this;
        }

        public Context password(final String password) {
            this.password = password;
            return this;
        }

        /** Tells this cluster's rows from other clusters' in the same tables; default {@value #DEFAULT_CLUSTER_ID}. */
        public Context clusterId(final String clusterId) {
            this.clusterId = clusterId;
            return this;
        }

        /**
         * Prefix of the four tables' names ({@code <prefix>_member}, {@code _version}, {@code _vote},
         * {@code _schema}); lower case letters, digits and underscores. Default {@value #DEFAULT_TABLE_PREFIX}.
         */
        public Context tablePrefix(final String prefix) {
            this.tablePrefix = prefix;
            return this;
        }

        /** Time between this member's I-am-alive writes (each also checks it is still alive). */
        public Context iAmAlivePeriod(final long value, final TimeUnit unit) {
            this.iAmAlivePeriodNs = unit.toNanos(value);
            return this;
        }

        /** Longest time between two reads of the table's version (probes trigger earlier reads). */
        public Context refreshPeriod(final long value, final TimeUnit unit) {
            this.refreshPeriodNs = unit.toNanos(value);
            return this;
        }

        /** Time between two probes of each alive member. */
        public Context probeInterval(final long value, final TimeUnit unit) {
            this.probeIntervalNs = unit.toNanos(value);
            return this;
        }

        /** Silence after which this member suspects another (and votes); more than two probe intervals. */
        public Context probeTimeout(final long value, final TimeUnit unit) {
            this.probeTimeoutNs = unit.toNanos(value);
            return this;
        }

        /** After a member's image was lost, how long a sign of life may take before it is suspected. */
        public Context imageLossGrace(final long value, final TimeUnit unit) {
            this.imageLossGraceNs = unit.toNanos(value);
            return this;
        }

        /**
         * Votes that declare a member dead; capped at the alive members other than the suspect. Default
         * {@value #DEFAULT_VOTES_NEEDED}.
         */
        public Context votesNeeded(final int votes) {
            this.votesNeeded = votes;
            return this;
        }

        /** Age after which a vote no longer counts; voters renew theirs at half of it. */
        public Context voteExpiry(final long value, final TimeUnit unit) {
            this.voteExpiryNs = unit.toNanos(value);
            return this;
        }

        /** How long a member that learnt it was declared dead stays out before rejoining. */
        public Context rejoinDelay(final long value, final TimeUnit unit) {
            this.rejoinDelayNs = unit.toNanos(value);
            return this;
        }

        /** Bound of each statement (and of getting a connection from the owned pool). */
        public Context queryTimeoutSeconds(final int seconds) {
            this.queryTimeoutSeconds = seconds;
            return this;
        }

        /** How long {@link PostgresMembership#close()} waits for LEFT to be written after a leave. */
        public Context leaveTimeout(final long value, final TimeUnit unit) {
            this.leaveTimeoutNs = unit.toNanos(value);
            return this;
        }

        /**
         * Wall clock of the I-am-alive and vote times (milliseconds). Votes of different members are
         * compared across hosts: their clocks must agree to well within the vote expiry.
         */
        public Context epochClock(final EpochClock clock) {
            this.epochClock = Objects.requireNonNull(clock, "epochClock");
            return this;
        }

        String clusterId() {
            return clusterId;
        }

        long iAmAlivePeriodNs() {
            return iAmAlivePeriodNs;
        }

        long refreshPeriodNs() {
            return refreshPeriodNs;
        }

        long voteExpiryNs() {
            return voteExpiryNs;
        }

        long rejoinDelayNs() {
            return rejoinDelayNs;
        }

        int votesNeeded() {
            return votesNeeded;
        }

        int queryTimeoutSeconds() {
            return queryTimeoutSeconds;
        }

        EpochClock epochClock() {
            return epochClock;
        }

        void conclude() {
            if ((dataSource == null) == (url == null)) {
                throw new IllegalArgumentException("give either a DataSource or a JDBC URL (jdbc:postgresql://...)"
                    + " for the membership table, not " + (url == null ? "neither" : "both"));
            }
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the membership URL must start with jdbc:postgresql: (got a URL of"
                    + " another kind)");
            }
            if (clusterId == null || clusterId.isEmpty() || clusterId.length() > 200) {
                throw new IllegalArgumentException("clusterId must be 1 to 200 characters");
            }
            if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
                throw new IllegalArgumentException("tablePrefix must be a lower case letter or underscore followed by at"
                    + " most 40 lower case letters, digits or underscores: " + tablePrefix);
            }
            positive("iAmAlivePeriod", iAmAlivePeriodNs);
            positive("refreshPeriod", refreshPeriodNs);
            positive("probeInterval", probeIntervalNs);
            positive("voteExpiry", voteExpiryNs);
            if (probeTimeoutNs <= 2 * probeIntervalNs) {
                throw new IllegalArgumentException("probeTimeout (" + probeTimeoutNs + " ns) must exceed two probe"
                    + " intervals (" + probeIntervalNs + " ns)");
            }
            if (voteExpiryNs <= probeTimeoutNs) {
                throw new IllegalArgumentException("voteExpiry (" + voteExpiryNs + " ns) must exceed the probeTimeout ("
                    + probeTimeoutNs + " ns), or the votes of members that suspect at different times never meet");
            }
            if (voteExpiryNs <= 2 * iAmAlivePeriodNs) {
                throw new IllegalArgumentException("voteExpiry (" + voteExpiryNs + " ns) must exceed two I-am-alive periods ("
                    + iAmAlivePeriodNs + " ns): a member silent in the table for a vote expiry no longer counts as a voter");
            }
            if (imageLossGraceNs < 0 || rejoinDelayNs < 0 || leaveTimeoutNs < 0) {
                throw new IllegalArgumentException("imageLossGrace, rejoinDelay and leaveTimeout must not be negative");
            }
            if (votesNeeded < 1) {
                throw new IllegalArgumentException("votesNeeded must be at least 1: " + votesNeeded);
            }
            if (queryTimeoutSeconds < 1) {
                throw new IllegalArgumentException("queryTimeoutSeconds must be at least 1: " + queryTimeoutSeconds);
            }
        }

        private static void positive(final String name, final long ns) {
            if (ns <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + ns + " ns");
            }
        }

        @Override
        public String toString() {
            return "PostgresMembership.Context{" + (url != null ? "url=" + url : "dataSource") + ", clusterId="
                + clusterId + ", tablePrefix=" + tablePrefix + ", votesNeeded=" + votesNeeded + ", probeTimeout="
                + TimeUnit.NANOSECONDS.toMillis(probeTimeoutNs) + " ms}";
        }
    }
}
