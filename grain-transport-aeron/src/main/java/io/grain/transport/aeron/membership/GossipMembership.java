package io.grain.transport.aeron.membership;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
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

    /** Heartbeats between probes of seeds that are not alive members of the table. */
    public static final int SEED_PROBE_HEARTBEATS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(GossipMembership.class);

    private final List<String> seeds;
    private final long heartbeatIntervalNs;
    private final long failureTimeoutNs;
    private final long imageLossGraceNs;

    private final TreeMap<Integer, MemberRecord> table = new TreeMap<>();
    private final Long2LongHashMap lastHeardNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap imageLostNs = new Long2LongHashMap(Long.MIN_VALUE);
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
    private final GossipCodec.Message message = new GossipCodec.Message();
    private final ArrayList<MemberRecord> scratch = new ArrayList<>();

    private volatile ClusterView view = ClusterView.EMPTY;
    private MemberRecord self;
    private ControlSender sender;
    private boolean joined;
    private boolean leaving;
    private boolean changed;
    private long nextHeartbeatNs;
    private long heartbeats;

    /**
     * @param seeds               {@code host:port} of members to join through; may include this member's own
     * @param heartbeatIntervalNs time between heartbeats
     * @param failureTimeoutNs    silence after which a member is declared dead; more than two heartbeats
     * @param imageLossGraceNs    wait after an image loss for a sign of life
     */
    public GossipMembership(final List<String> seeds, final long heartbeatIntervalNs, final long failureTimeoutNs,
        final long imageLossGraceNs) {
        this.seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
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
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.failureTimeoutNs = failureTimeoutNs;
        this.imageLossGraceNs = imageLossGraceNs;
    }

    /** With the default timings. */
    public GossipMembership(final List<String> seeds) {
        this(seeds, DEFAULT_HEARTBEAT_INTERVAL_NS, DEFAULT_FAILURE_TIMEOUT_NS, DEFAULT_IMAGE_LOSS_GRACE_NS);
    }

    @Override
    public void start(final MemberRecord self, final ControlSender sender, final long nowNs) {
        this.self = Objects.requireNonNull(self, "self");
        this.sender = Objects.requireNonNull(sender, "sender");
        table.put(self.memberId(), self);
        publish();
        joined = seeds.stream().allMatch(self.endpoint()::equals);
        nextHeartbeatNs = nowNs;
        LOG.info("member {} starting, seeds {}", self, seeds);
    }

    @Override
    public ClusterView view() {
        return view;
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
            work += sendHeartbeats();
        }
        work += detectFailures(nowNs);
        return work + flushChanges();
    }

    private int sendHeartbeats() {
        int work = 0;
        final int length = GossipCodec.encodeHeartbeat(out, 0, view.digest(), self);
        boolean anyPeer = false;
        for (final MemberRecord r : table.values()) {
            if (r.alive() && r.memberId() != self.memberId()) {
                anyPeer = true;
                sender.sendToMember(r.memberId(), out, 0, length);
                work++;
            }
        }
        // Until it has joined, or when it is alone, a member asks every seed each heartbeat. Once
        // joined it still asks, every SEED_PROBE_HEARTBEATS, each seed that is not an alive member of
        // its table: a seed that restarted without knowing anyone finds the cluster again that way.
        final boolean probe = ++heartbeats % SEED_PROBE_HEARTBEATS == 0;
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

    private int flushChanges() {
        for (int i = 0; i < scratch.size(); i++) {
            final MemberRecord r = scratch.get(i);
            table.put(r.memberId(), r);
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

    private void publish() {
        view = new ClusterView(new ArrayList<>(table.values()));
    }

    @Override
    public void onControlMessage(final int senderId, final DirectBuffer buffer, final int offset, final int length,
        final long nowNs) {
        GossipCodec.decode(buffer, offset, length, message);
        if (message.kind() == GossipCodec.KIND_HEARTBEAT) {
            final MemberRecord from = message.records().get(0);
            if (from.memberId() != senderId) {
                throw new MalformedMessageException("heartbeat from " + senderId + " carries the record of " + from.memberId());
            }
            merge(from, nowNs);
        } else {
            joined = true;
            for (final MemberRecord r : message.records()) {
                merge(r, nowNs);
            }
        }
        final MemberRecord current = table.get(senderId);
        if (current != null && current.alive()) {
            lastHeardNs.put(senderId, nowNs);
        }
        flushChanges();
        final boolean differs = message.digest() != view.digest();
        if (differs && (message.kind() == GossipCodec.KIND_HEARTBEAT || message.replyWanted())) {
            final int replyLength = GossipCodec.encodeGossip(out, 0, message.kind() == GossipCodec.KIND_HEARTBEAT, view);
            sender.sendToMember(senderId, out, 0, replyLength);
        }
    }

    private void merge(final MemberRecord r, final long nowNs) {
        if (r.memberId() == self.memberId()) {
            refute(r);
            return;
        }
        final MemberRecord current = table.get(r.memberId());
        if (current != null && r.generation() <= current.generation()) {
            return;
        }
        table.put(r.memberId(), r);
        changed = true;
        if (r.alive()) {
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
        if (r.incarnation() > self.incarnation() || (r.incarnation() == self.incarnation() && !r.alive())) {
            LOG.warn("member {} was told it is {}; refuting with a new incarnation", self, r);
            self = self.withIncarnation(r.incarnation() + 1);
            table.put(self.memberId(), self);
            changed = true;
        }
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
            flushChanges();
        }
    }

    @Override
    public void leave(final long nowNs) {
        if (leaving) {
            return;
        }
        leaving = true;
        self = self.withStatus(MemberStatus.LEFT);
        table.put(self.memberId(), self);
        changed = true;
        flushChanges();
        LOG.info("member {} left", self);
    }
}
