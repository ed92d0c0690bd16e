package io.grain.transport.aeron.membership;

import java.util.Objects;

/**
 * What the cluster knows about one member incarnation: its id, incarnation, status, whether it
 * hosts grains (members) or only calls them (clients), the UDP endpoint it receives on, and the key
 * of its media driver (members with the same driver key talk over IPC). Immutable.
 *
 * <p>Records are ordered by {@link #generation()}: a higher incarnation wins, and within one
 * incarnation DEAD and LEFT win over ALIVE. Merging keeps the record with the higher generation, so
 * every member that has seen the same records holds the same table, whatever the order.
 */
public final class MemberRecord {
    private final int memberId;
    private final long incarnation;
    private final MemberStatus status;
    private final boolean hosting;
    private final String endpoint;
    private final String driverKey;

    public MemberRecord(final int memberId, final long incarnation, final MemberStatus status, final boolean hosting,
        final String endpoint, final String driverKey) {
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation < 0: " + incarnation);
        }
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.status = Objects.requireNonNull(status, "status");
        this.hosting = hosting;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.driverKey = Objects.requireNonNull(driverKey, "driverKey");
    }

    public int memberId() {
        return memberId;
    }

    public long incarnation() {
        return incarnation;
    }

    public MemberStatus status() {
        return status;
    }

    public boolean alive() {
        return status == MemberStatus.ALIVE;
    }

    /** True for a member that hosts grains; false for a client. */
    public boolean hosting() {
        return hosting;
    }

    /** {@code host:port} of its UDP subscription. */
    public String endpoint() {
        return endpoint;
    }

    /** Identifies its media driver; equal keys mean a shared driver, so IPC works between them. */
    public String driverKey() {
        return driverKey;
    }

    /** The order of records: {@code incarnation * 3 + status ordinal}; grows with every change. */
    public long generation() {
        return incarnation * 3 + status.ordinal();
    }

    public MemberRecord withStatus(final MemberStatus next) {
        return new MemberRecord(memberId, incarnation, next, hosting, endpoint, driverKey);
    }

    public MemberRecord withIncarnation(final long next) {
        return new MemberRecord(memberId, next, MemberStatus.ALIVE, hosting, endpoint, driverKey);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof MemberRecord r && r.memberId == memberId && r.incarnation == incarnation
            && r.status == status && r.hosting == hosting && r.endpoint.equals(endpoint) && r.driverKey.equals(driverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memberId, incarnation, status, hosting, endpoint);
    }

    @Override
    public String toString() {
        return memberId + "#" + incarnation + ' ' + status + (hosting ? "" : " client") + " @" + endpoint;
    }
}
