package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.MemberState;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The default membership: a static list of seed endpoints, heartbeats over the transport, failure
 * detection by heartbeat timeout and by image loss, and a table of {@link MemberRecord}s that
 * converges by push-pull gossip.
 *
 * <ul>
 *   <li><b>Join.</b> Until it hears from anyone, a member sends its table (asking for a reply) to
 *   every seed each heartbeat interval; a seed merges the newcomer and answers with its table.</li>
 *   <li><b>Heartbeats.</b> Every heartbeat interval each member sends every alive record a heartbeat
 *   carrying its own record and the digest of its table. A receiver whose digest differs sends its
 *   table back asking for a reply, so two members converge in one round trip; any change to the
 *   table is also pushed to every alive member at once.</li>
 *   <li><b>Failure detection.</b> A member not heard from for the failure timeout, or whose image
 *   was lost and who was not heard from within the image-loss grace, is declared DEAD.</li>
 *   <li><b>Incarnations.</b> A member starts with the wall-clock milliseconds as its incarnation, so a
 *   member restarted at the same address and id is a new incarnation that supersedes the old one.
 *   A member told that it is dead refutes by taking a higher incarnation.</li>
 *   <li><b>Rules a rumour cannot break.</b> Only a member raises its own incarnation: a record about
 *   member X that arrives from anyone but X may not claim a higher incarnation than X itself has
 *   announced to this member (such records are refused and counted). No incarnation may be more
 *   than {@link #MAX_INCARNATION_AHEAD_MS} ahead of this member's wall clock (the frame is
 *   dropped), so a member can always refute (it takes the next incarnation above what it heard)
 *   and incarnations never overflow.</li>
 *   <li><b>Member state.</b> Each record carries its member's {@link MemberState}. A member that
 *   publishes a new state pushes its table at once, and its heartbeats carry it; an ALIVE record
 *   with a higher state version supersedes one of the same generation, and the digest covers state
 *   versions, so members whose states differ exchange tables until they agree. DEAD and LEFT
 *   records carry no state. The state counts towards the byte bound of the table.</li>
 *   <li><b>A bounded table.</b> At most {@code maxMembers} records (alive and gone), encoded in at
 *   most {@code maxTableBytes}, so the whole table always fits one message. A record that would
 *   exceed either is refused and counted, unless a tombstone older than
 *   {@link #TOMBSTONE_RETENTION_TIMEOUTS} failure timeouts can make room.</li>
 * </ul>
 *
 * <p>Thread ownership: everything runs on the transport thread except {@link #view()}, which reads a
 * volatile field.
 */
public final class GossipMembership implements MembershipProvider {
    /** Default time between heartbeats. */
    public static final long DEFAULT_HEARTBEAT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Default silence after which a member is declared dead. */
    public static final long DEFAULT_FAILURE_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(2000);
    /** Default wait after an image loss for a sign of life before the member is declared dead. */
    public static final long DEFAULT_IMAGE_LOSS_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** How far ahead of this member's wall clock an incarnation may be (clocks of machines differ). */
    public static final long MAX_INCARNATION_AHEAD_MS = TimeUnit.DAYS.toMillis(1);
    /** Failure timeouts after which a tombstone may be evicted to make room in a full table. */
    public static final int TOMBSTONE_RETENTION_TIMEOUTS = 10;
    /** Default bound of the table, in records. */
    public static final int DEFAULT_MAX_MEMBERS = 512;
    /** Default bound of the encoded table, in bytes (the default maximum message size). */
    public static final int DEFAULT_MAX_TABLE_BYTES = 64 * 1024;

    /** Heartbeats between probes of seeds that are not alive members of the table. */
    public static final int SEED_PROBE_HEARTBEATS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(GossipMembership.class);

    private final List<String> seeds;
    private final long heartbeatIntervalNs;
    private final long failureTimeoutNs;
    private final long imageLossGraceNs;
    private final int maxMembers;
    private final int maxTableBytes;

    private final TreeMap<Integer, MemberRecord> table = new TreeMap<>();
    /** The highest incarnation each member has announced itself (in a frame it sent); -1 for none. */
    private final Long2LongHashMap announced = new Long2LongHashMap(-1);
    /** When each tombstone (DEAD or LEFT record) became one here, for evicting old ones. */
    private final Long2LongHashMap goneSinceNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap lastHeardNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap imageLostNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
    private final GossipCodec.Message message;
    private final ArrayList<MemberRecord> scratch = new ArrayList<>();

    private volatile ClusterView view = ClusterView.EMPTY;
    private MemberRecord self;
    private ControlSender sender;
    private boolean joined;
    private boolean leaving;
    private boolean changed;
    private long nextHeartbeatNs;
    private long heartbeats;
    /** Bytes of the table as one gossip message. */
    private int tableBytes = GossipCodec.GOSSIP_HEADER_LENGTH;
    private long refused;
    private EpochClock wallClock = SystemEpochClock.INSTANCE;
    private RateLimitedWarnings warnings;

    /**
     * @param seeds               {@code host:port} of members to join through; may include this member's own
     * @param heartbeatIntervalNs time between heartbeats
     * @param failureTimeoutNs    silence after which a member is declared dead; more than two heartbeats
     * @param imageLossGraceNs    wait after an image loss for a sign of life
     */
    public GossipMembership(final List<String> seeds, final long heartbeatIntervalNs, final long failureTimeoutNs,
        final long imageLossGraceNs) {
        this(seeds, heartbeatIntervalNs, failureTimeoutNs, imageLossGraceNs, DEFAULT_MAX_MEMBERS, DEFAULT_MAX_TABLE_BYTES);
    }

    /**
     * @param maxMembers    bound of the table in records, members and clients, alive and gone
     * @param maxTableBytes bound of the table encoded as one gossip message (at most the transport's maximum message)
     */
    public GossipMembership(final List<String> seeds, final long heartbeatIntervalNs, final long failureTimeoutNs,
        final long imageLossGraceNs, final int maxMembers, final int maxTableBytes) {
        checkSettings(heartbeatIntervalNs, failureTimeoutNs, imageLossGraceNs, maxMembers, maxTableBytes);
        this.maxMembers = maxMembers;
        this.maxTableBytes = maxTableBytes;
        this.message = new GossipCodec.Message(maxMembers);
        this.seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.failureTimeoutNs = failureTimeoutNs;
        this.imageLossGraceNs = imageLossGraceNs;
    }

    /**
     * Checks the settings of a gossip membership as its constructor does, without making one (for a
     * transport's context, which validates before it launches anything).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static void checkSettings(final long heartbeatIntervalNs, final long failureTimeoutNs, final long imageLossGraceNs,
        final int maxMembers, final int maxTableBytes) {
        if (maxMembers < 2) {
            throw new IllegalArgumentException("maxMembers must be at least 2: " + maxMembers);
        }
        if (maxTableBytes < GossipCodec.GOSSIP_HEADER_LENGTH + 2 * GossipCodec.MAX_RECORD_LENGTH) {
            throw new IllegalArgumentException("maxTableBytes must hold two records of the largest size ("
                + (GossipCodec.GOSSIP_HEADER_LENGTH + 2 * GossipCodec.MAX_RECORD_LENGTH) + " bytes): " + maxTableBytes);
        }
        if (heartbeatIntervalNs <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive: " + heartbeatIntervalNs);
        }
        if (failureTimeoutNs <= 2 * heartbeatIntervalNs) {
            throw new IllegalArgumentException("failure timeout (" + failureTimeoutNs
                + " ns) must exceed two heartbeat intervals (" + heartbeatIntervalNs + " ns)");
        }
        if (imageLossGraceNs < 0) {
            throw new IllegalArgumentException("image loss grace must not be negative: " + imageLossGraceNs);
        }
    }

    /** With the default timings. */
    public GossipMembership(final List<String> seeds) {
        this(seeds, DEFAULT_HEARTBEAT_INTERVAL_NS, DEFAULT_FAILURE_TIMEOUT_NS, DEFAULT_IMAGE_LOSS_GRACE_NS);
    }

    @Override
    public void start(final MemberRecord self, final ControlSender sender, final long nowNs) {
        this.self = Objects.requireNonNull(self, "self");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.warnings = new RateLimitedWarnings(LOG, self.memberId(), "membership records");
        put(self, nowNs);
        announced.put(self.memberId(), self.incarnation());
        publish();
        joined = seeds.stream().allMatch(self.endpoint()::equals);
        nextHeartbeatNs = nowNs;
        LOG.info("member {} starting, seeds {}", self, seeds);
    }

    @Override
    public ClusterView view() {
        return view;
    }

    /** Records refused so far (rules, table bound); transport thread. */
    public long refusedRecords() {
        return refused;
    }

    /** The clock incarnations are checked against; tests use a fixed one. */
    void wallClock(final EpochClock clock) {
        this.wallClock = Objects.requireNonNull(clock);
    }

    /** This member's own record as it stands now; transport thread. */
    public MemberRecord self() {
        return self;
    }

    @Override
    public int doWork(final long nowNs) {
        int work = 0;
        if (nowNs - nextHeartbeatNs >= 0) {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            work += sendHeartbeats(nowNs);
        }
        work += detectFailures(nowNs);
        return work + flushChanges(nowNs);
    }

    private int sendHeartbeats(final long nowNs) {
        int work = 0;
        final int length = GossipCodec.encodeHeartbeat(out, 0, view.digest(), self);
        final boolean probe = ++heartbeats % SEED_PROBE_HEARTBEATS == 0;
        final long retentionNs = TOMBSTONE_RETENTION_TIMEOUTS * failureTimeoutNs;
        boolean anyPeer = false;
        for (final MemberRecord r : table.values()) {
            if (r.memberId() == self.memberId()) {
                continue;
            }
            if (r.alive()) {
                anyPeer = true;
                sender.sendToMember(r.memberId(), out, 0, length);
                work++;
            } else if (probe && r.status() == MemberStatus.DEAD && nowNs - goneSinceNs.get(r.memberId()) < retentionNs) {
                // A member declared dead may only have been cut off. Since only a member itself
                // raises its incarnation, others refuse its refutation second hand: so both sides of
                // a healed partition must hear each other first hand, and this probe is how.
                sender.sendToMember(r.memberId(), out, 0, length);
                work++;
            }
        }
        // Until it has joined, or when it is alone, a member asks every seed each heartbeat. Once
        // joined it still asks, every SEED_PROBE_HEARTBEATS, each seed that is not an alive member of
        // its table: a seed that restarted without knowing anyone finds the cluster again that way.
        int gossipLength = -1;
        for (final String seed : seeds) {
            if (seed.equals(self.endpoint()) || (joined && anyPeer && (!probe || aliveAt(seed)))) {
                continue;
            }
            if (gossipLength < 0) {
                gossipLength = GossipCodec.encodeGossip(out, 0, true, view);
            }
            sender.sendToEndpoint(seed, out, 0, gossipLength);
            work++;
        }
        return work;
    }

    private boolean aliveAt(final String endpoint) {
        for (final MemberRecord r : table.values()) {
            if (r.alive() && r.endpoint().equals(endpoint)) {
                return true;
            }
        }
        return false;
    }

    private int detectFailures(final long nowNs) {
        int work = 0;
        for (final MemberRecord r : table.values()) {
            if (!r.alive() || r.memberId() == self.memberId()) {
                continue;
            }
            final long heard = lastHeardNs.get(r.memberId());
            final long lost = imageLostNs.get(r.memberId());
            if (nowNs - heard > failureTimeoutNs) {
                LOG.warn("member {} declared dead: not heard from for {} ms", r, TimeUnit.NANOSECONDS.toMillis(nowNs - heard));
                markDead(r);
                work++;
            } else if (lost != Long.MIN_VALUE && lost - heard >= 0 && nowNs - lost > imageLossGraceNs) {
                LOG.warn("member {} declared dead: its image was lost and it was not heard from since", r);
                markDead(r);
                work++;
            }
        }
        return work;
    }

    private void markDead(final MemberRecord r) {
        scratch.add(r.withStatus(MemberStatus.DEAD));
    }

    private int flushChanges(final long nowNs) {
        for (int i = 0; i < scratch.size(); i++) {
            final MemberRecord r = scratch.get(i);
            put(r, nowNs);
            imageLostNs.remove(r.memberId());
            changed = true;
        }
        scratch.clear();
        if (!changed) {
            return 0;
        }
        changed = false;
        publish();
        final int length = GossipCodec.encodeGossip(out, 0, false, view);
        for (final MemberRecord r : table.values()) {
            if (r.alive() && r.memberId() != self.memberId()) {
                sender.sendToMember(r.memberId(), out, 0, length);
            }
        }
        return 1;
    }

    /** Puts {@code r} in the table, keeping its encoded size and its tombstone time. */
    private void put(final MemberRecord r, final long nowNs) {
        final MemberRecord before = table.put(r.memberId(), r);
        tableBytes += GossipCodec.encodedLength(r) - (before == null ? 0 : GossipCodec.encodedLength(before));
        if (r.alive()) {
            goneSinceNs.remove(r.memberId());
        } else if (before == null || before.alive()) {
            goneSinceNs.put(r.memberId(), nowNs);
        }
    }

    /**
     * Whether {@code r} fits the table in place of {@code current} (null for a new member): within
     * both bounds, after evicting a tombstone old enough if that makes room.
     */
    private boolean fits(final MemberRecord r, final MemberRecord current, final long nowNs) {
        final int growth = GossipCodec.encodedLength(r) - (current == null ? 0 : GossipCodec.encodedLength(current));
        final int growthInCount = current == null ? 1 : 0;
        while (table.size() + growthInCount > maxMembers || tableBytes + growth > maxTableBytes) {
            if (!evictOldTombstone(r.memberId(), nowNs)) {
                return false;
            }
        }
        return true;
    }

    private boolean evictOldTombstone(final int keep, final long nowNs) {
        final long retentionNs = TOMBSTONE_RETENTION_TIMEOUTS * failureTimeoutNs;
        int oldest = -1;
        long oldestNs = Long.MAX_VALUE;
        for (final MemberRecord r : table.values()) {
            final long since = goneSinceNs.get(r.memberId());
            if (!r.alive() && r.memberId() != keep && since != Long.MIN_VALUE && nowNs - since > retentionNs
                && since < oldestNs) {
                oldest = r.memberId();
                oldestNs = since;
            }
        }
        if (oldest < 0) {
            return false;
        }
        final MemberRecord evicted = table.remove(oldest);
        tableBytes -= GossipCodec.encodedLength(evicted);
        goneSinceNs.remove(oldest);
        announced.remove(oldest);
        lastHeardNs.remove(oldest);
        imageLostNs.remove(oldest);
        changed = true;
        LOG.info("member {} evicted the tombstone of {} to make room in a full table", self.memberId(), evicted);
        return true;
    }

    private void refuse(final String reason, final long nowNs) {
        refused++;
        warnings.warn(0, reason, nowNs);
    }

    private void publish() {
        view = new ClusterView(new ArrayList<>(table.values()));
    }

    @Override
    public void onControlMessage(final int senderId, final DirectBuffer buffer, final int offset, final int length,
        final long nowNs) {
        GossipCodec.decode(buffer, offset, length, message);
        final long ceiling = wallClock.time() + MAX_INCARNATION_AHEAD_MS;
        for (int i = 0; i < message.records().size(); i++) {
            if (message.records().get(i).incarnation() > ceiling) {
                // a whole frame is taken or dropped: a record like this is a bug or a forgery
                throw new MalformedMessageException("a record's incarnation is more than "
                    + TimeUnit.MILLISECONDS.toHours(MAX_INCARNATION_AHEAD_MS) + " h ahead of this member's clock");
            }
        }
        if (message.kind() == GossipCodec.KIND_HEARTBEAT) {
            final MemberRecord from = message.records().get(0);
            if (from.memberId() != senderId) {
                throw new MalformedMessageException("heartbeat from one member carries the record of another");
            }
            merge(from, senderId, nowNs);
        } else {
            joined = true;
            for (final MemberRecord r : message.records()) {
                merge(r, senderId, nowNs);
            }
        }
        final MemberRecord current = table.get(senderId);
        if (current != null && current.alive()) {
            lastHeardNs.put(senderId, nowNs);
        }
        flushChanges(nowNs);
        final boolean differs = message.digest() != view.digest();
        if (differs && (message.kind() == GossipCodec.KIND_HEARTBEAT || message.replyWanted())) {
            final int replyLength = GossipCodec.encodeGossip(out, 0, message.kind() == GossipCodec.KIND_HEARTBEAT, view);
            sender.sendToMember(senderId, out, 0, replyLength);
        }
    }

    private void merge(final MemberRecord r, final int senderId, final long nowNs) {
        if (r.memberId() == self.memberId()) {
            refute(r);
            return;
        }
        final long vouched = announced.get(r.memberId());
        if (r.memberId() == senderId) {
            // first hand: a member speaks for itself
            if (r.incarnation() > vouched) {
                announced.put(r.memberId(), r.incarnation());
            }
        } else if (vouched >= 0 && r.incarnation() > vouched) {
            refuse("a record claims an incarnation its member has not announced", nowNs);
            return;
        }
        final MemberRecord current = table.get(r.memberId());
        if (current != null && !r.supersedes(current)) {
            return;
        }
        if (!fits(r, current, nowNs)) {
            refuse("the table is full (" + maxMembers + " records or " + maxTableBytes + " bytes)", nowNs);
            return;
        }
        put(r, nowNs);
        changed = true;
        if (current != null && current.generation() == r.generation()) {
            LOG.debug("member {} published state {}", r.memberId(), r.state());
        } else if (r.alive()) {
            lastHeardNs.put(r.memberId(), nowNs);
            imageLostNs.remove(r.memberId());
            if (current != null && current.alive()) {
                LOG.info("member {} restarted as a new incarnation (was {})", r, current);
            } else {
                LOG.info("member {} joined", r);
            }
        } else if (current == null || current.alive()) {
            LOG.info("member {} is out", r);
        }
    }

    private void refute(final MemberRecord r) {
        if (leaving) {
            return;
        }
        // Only this member makes its own states, so a record of this incarnation with a newer state
        // is a forgery (a holder of the key); others would keep it over the real one for good, and
        // this member could never count past it (the version may be Long.MAX_VALUE): a new
        // incarnation, carrying the real state, supersedes it everywhere.
        final boolean forgedState = r.incarnation() == self.incarnation() && r.alive()
            && r.state().version() > self.state().version();
        if (r.incarnation() > self.incarnation() || (r.incarnation() == self.incarnation() && !r.alive()) || forgedState) {
            // only this member raises its incarnation, to the next above what it heard; the ceiling
            // checked on receipt keeps that far below MemberRecord.MAX_INCARNATION
            LOG.warn("member {} was told it is {}; refuting with a new incarnation", self, r);
            self = self.withIncarnation(r.incarnation() + 1);
            replaceSelf();
        }
    }

    /** This member's own record changed: it always has room (its size in the table is bounded by its own settings). */
    private void replaceSelf() {
        final MemberRecord before = table.put(self.memberId(), self);
        tableBytes += GossipCodec.encodedLength(self) - (before == null ? 0 : GossipCodec.encodedLength(before));
        announced.put(self.memberId(), self.incarnation());
        changed = true;
    }

    @Override
    public int encodeIntroduction(final org.agrona.MutableDirectBuffer buffer, final int offset) {
        return GossipCodec.encodeHeartbeat(buffer, offset, view.digest(), self);
    }

    @Override
    public void onActivity(final int memberId, final long nowNs) {
        final MemberRecord r = table.get(memberId);
        if (r != null && r.alive()) {
            lastHeardNs.put(memberId, nowNs);
        }
    }

    @Override
    public void onImageLost(final int memberId, final long nowNs) {
        final MemberRecord r = table.get(memberId);
        if (r != null && r.alive()) {
            imageLostNs.put(memberId, nowNs);
        }
    }

    @Override
    public void declareDead(final int memberId, final long nowNs) {
        final MemberRecord r = table.get(memberId);
        if (memberId != self.memberId() && r != null && r.alive()) {
            LOG.warn("member {} declared dead from outside", r);
            markDead(r);
            flushChanges(nowNs);
        }
    }

    /**
     * This member's new state: its record takes it and the table is pushed to every alive member.
     * A state that is not newer, or that would take the table past its byte bound, is not taken
     * (the latter is counted as refused and logged).
     */
    @Override
    public void publishState(final MemberState state, final long nowNs) {
        if (leaving || state.version() <= self.state().version()) {
            return;
        }
        final MemberRecord next = self.withState(state);
        if (tableBytes + GossipCodec.encodedLength(next) - GossipCodec.encodedLength(self) > maxTableBytes) {
            refuse("this member's state would take the table past its bound of " + maxTableBytes + " bytes", nowNs);
            return;
        }
        self = next;
        replaceSelf();
        flushChanges(nowNs);
    }

    @Override
    public void leave(final long nowNs) {
        if (leaving) {
            return;
        }
        leaving = true;
        self = self.withStatus(MemberStatus.LEFT);
        replaceSelf();
        flushChanges(nowNs);
        LOG.info("member {} left", self);
    }
}
