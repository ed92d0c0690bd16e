package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MembershipView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable snapshot of the membership table: every record the member knows (alive, dead and
 * left, members and clients), with a version and a digest. The version is the sum of the records'
 * {@link MemberRecord#generation() generations}, so it grows with every change and two members that
 * hold the same records hold the same version: the view converges with the table. A change of a
 * member's state changes the {@link #digest()} (so gossip spreads it) but not the version (it moves
 * no grain). Safe to share.
 */
public final class ClusterView {
    public static final ClusterView EMPTY = new ClusterView(List.of());

    private final List<MemberRecord> records;
    private final long version;
    private final long digest;
    private final MembershipView hostingView;
    private final List<ClusterMember> members;

    /** {@code records} must be sorted by member id with one record per id. */
    public ClusterView(final List<MemberRecord> records) {
        this(records, null);
    }

    private ClusterView(final List<MemberRecord> records, final int[] withheld) {
        this.records = Collections.unmodifiableList(new ArrayList<>(records));
        long v = 0;
        long d = 0xCBF29CE484222325L;
        int hosting = 0;
        for (final MemberRecord r : this.records) {
            v += r.generation();
            d = (d ^ r.memberId()) * 0x100000001B3L;
            d = (d ^ r.generation()) * 0x100000001B3L;
            d = (d ^ r.state().version()) * 0x100000001B3L;
            if (hostsGrains(r, withheld)) {
                hosting++;
            }
        }
        final int[] ids = new int[hosting];
        int i = 0;
        for (final MemberRecord r : this.records) {
            if (hostsGrains(r, withheld)) {
                ids[i++] = r.memberId();
            }
        }
        this.version = withheld == null ? v : v - 1;
        this.digest = d;
        this.hostingView = new MembershipView(this.version, ids);
        final List<ClusterMember> live = new ArrayList<>();
        for (final MemberRecord r : this.records) {
            if (r.alive()) {
                live.add(new ClusterMember(r.memberId(), r.hosting(), r.state()));
            }
        }
        this.members = List.copyOf(live);
    }

    private static boolean hostsGrains(final MemberRecord r, final int[] withheld) {
        if (!r.alive() || !r.hosting()) {
            return false;
        }
        if (withheld != null) {
            for (final int id : withheld) {
                if (id == r.memberId()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * This view with {@code memberIds} left out of the {@link #hostingView()} and the version one
     * less: the step between an old incarnation of those members and their new one, so the runtime
     * sees the old one go (its pending calls fail) before the new one comes.
     */
    public ClusterView withoutHosting(final int[] memberIds) {
        return new ClusterView(records, memberIds.clone());
    }

    /** Every known record, ascending by member id. */
    public List<MemberRecord> records() {
        return records;
    }

    public long version() {
        return version;
    }

    /** A hash of every (member id, generation, state version); equal tables have equal digests. */
    public long digest() {
        return digest;
    }

    /** The record of {@code memberId}, or null. */
    public MemberRecord record(final int memberId) {
        int lo = 0;
        int hi = records.size() - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            final int id = records.get(mid).memberId();
            if (id < memberId) {
                lo = mid + 1;
            } else if (id > memberId) {
                hi = mid - 1;
            } else {
                return records.get(mid);
            }
        }
        return null;
    }

    public boolean isAlive(final int memberId) {
        final MemberRecord r = record(memberId);
        return r != null && r.alive();
    }

    /** The alive members that host grains, as the runtime's placement sees them. */
    public MembershipView hostingView() {
        return hostingView;
    }

    /** Every alive record, members and clients, ascending by id, with its state: the runtime's {@code members()}. */
    public List<ClusterMember> members() {
        return members;
    }

    /** Ids of every alive record, members and clients. */
    public int[] aliveIds() {
        return records.stream().filter(MemberRecord::alive).mapToInt(MemberRecord::memberId).toArray();
    }

    @Override
    public String toString() {
        return "v" + version + Arrays.toString(records.toArray());
    }
}
