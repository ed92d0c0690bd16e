package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.MemberState;

import java.util.Objects;

/**
 * What the cluster knows about one member incarnation: its id, incarnation, status, whether it
 * hosts grains (members) or only calls them (clients), the UDP endpoint it receives on, and the key
 * of its media driver (members with the same driver key talk over IPC), and the {@link MemberState}
 * it publishes about itself. Immutable.
 *
 * <p>Records are ordered by {@link #generation()}: a higher incarnation wins, and within one
 * incarnation DEAD and LEFT win over ALIVE; between two ALIVE records of one incarnation, the one
 * with the higher state version wins ({@link #supersedes}). Merging keeps the record that
 * supersedes, so every member that has seen the same records holds the same table, whatever the
 * order. A DEAD or LEFT record carries no state: the state goes with the member.
 */
public final class MemberRecord {
    /** Largest member id (so IPC stream ids stay positive). */
    public static final int MAX_MEMBER_ID = (1 << 24) - 1;
    /**
     * Largest incarnation: far beyond any wall-clock millisecond (142,000 years), small enough that
     * {@link #generation()} and the sum of a bounded table's generations never overflow.
     */
    public static final long MAX_INCARNATION = (1L << 52) - 1;
    /** Longest endpoint text, in bytes: a 255-byte host name (or bracketed address), a colon and a port. */
    public static final int MAX_ENDPOINT_LENGTH = 255 + 2 + 1 + 5;

    private final int memberId;
    private final long incarnation;
    private final MemberStatus status;
    private final boolean hosting;
    private final String endpoint;
    private final String driverKey;
    private final MemberState state;

    /** A record with no state (a member that set no keys). */
    public MemberRecord(final int memberId, final long incarnation, final MemberStatus status, final boolean hosting,
        final String endpoint, final String driverKey) {
        this(memberId, incarnation, status, hosting, endpoint, driverKey, MemberState.EMPTY);
    }

    /** A record; {@code state} is dropped (empty) unless the status is ALIVE. */
    public MemberRecord(final int memberId, final long incarnation, final MemberStatus status, final boolean hosting,
        final String endpoint, final String driverKey, final MemberState state) {
        if (memberId < 0 || memberId > MAX_MEMBER_ID) {
            throw new IllegalArgumentException("member id must be in 0.." + MAX_MEMBER_ID + ": " + memberId);
        }
        if (incarnation < 0 || incarnation > MAX_INCARNATION) {
            throw new IllegalArgumentException("incarnation must be in 0.." + MAX_INCARNATION + ": " + incarnation);
        }
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.status = Objects.requireNonNull(status, "status");
        this.hosting = hosting;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.driverKey = Objects.requireNonNull(driverKey, "driverKey");
        this.state = status == MemberStatus.ALIVE ? Objects.requireNonNull(state, "state") : MemberState.EMPTY;
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

    /** The key/value state this member published; empty for a DEAD or LEFT record. */
    public MemberState state() {
        return state;
    }

    /**
     * Whether this record is newer than {@code other} (of the same member): a higher generation, or
     * the same ALIVE generation with a higher state version.
     */
    public boolean supersedes(final MemberRecord other) {
        final long g = generation();
        final long o = other.generation();
        return g > o || (g == o && state.version() > other.state.version());
    }

    /** This record with {@code next} as its state (same incarnation and status). */
    public MemberRecord withState(final MemberState next) {
        return new MemberRecord(memberId, incarnation, status, hosting, endpoint, driverKey, next);
    }

    /** The order of records: {@code incarnation * 3 + status ordinal}; grows with every change. */
    public long generation() {
        return incarnation * 3 + status.ordinal();
    }

    public MemberRecord withStatus(final MemberStatus next) {
        return new MemberRecord(memberId, incarnation, next, hosting, endpoint, driverKey, state);
    }

    /**
     * Why {@code endpoint} is not the {@code host:port} of a reachable member, or null when it is:
     * a host of letters, digits, dots, dashes and underscores (or a bracketed IPv6 address) of at
     * most 255 characters, and a decimal port in 1..65535 (port 0 is a local request for a free
     * port, never an address). The reason never repeats the text. Stateless.
     */
    public static String endpointProblem(final String endpoint) {
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || endpoint.length() > MAX_ENDPOINT_LENGTH) {
            return "endpoint is not host:port";
        }
        final int digits = endpoint.length() - colon - 1;
        if (digits < 1 || digits > 5) {
            return "endpoint has no port of 1 to 5 digits";
        }
        int port = 0;
        for (int i = colon + 1; i < endpoint.length(); i++) {
            final char c = endpoint.charAt(i);
            if (c < '0' || c > '9') {
                return "endpoint port is not a decimal number";
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            return "endpoint port is outside 1..65535";
        }
        return hostProblem(endpoint, 0, colon);
    }

    /** Why {@code text[from, to)} is not a host name, an IPv4 address or a bracketed IPv6 address, or null. */
    public static String hostProblem(final String text, final int from, final int to) {
        if (to - from < 1 || to - from > 257) {
            return "endpoint host is empty or longer than 255 characters";
        }
        final boolean bracketed = text.charAt(from) == '[';
        if (bracketed && (text.charAt(to - 1) != ']' || to - from < 3)) {
            return "endpoint host has an unclosed bracket";
        }
        for (int i = bracketed ? from + 1 : from; i < (bracketed ? to - 1 : to); i++) {
            final char c = text.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || (bracketed && (c == ':' || c == '%'));
            if (!ok) {
                return "endpoint host has a character that is not allowed in a host name or address";
            }
        }
        return null;
    }

    public MemberRecord withIncarnation(final long next) {
        return new MemberRecord(memberId, next, MemberStatus.ALIVE, hosting, endpoint, driverKey, state);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof MemberRecord r && r.memberId == memberId && r.incarnation == incarnation
            && r.status == status && r.hosting == hosting && r.endpoint.equals(endpoint) && r.driverKey.equals(driverKey)
            && r.state.equals(state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memberId, incarnation, status, hosting, endpoint);
    }

    @Override
    public String toString() {
        return memberId + "#" + incarnation + ' ' + status + (hosting ? "" : " client") + " @" + endpoint
            + (state.version() == 0 ? "" : " state " + state);
    }
}
