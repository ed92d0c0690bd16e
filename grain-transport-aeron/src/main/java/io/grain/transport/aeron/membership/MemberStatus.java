package io.grain.transport.aeron.membership;

/**
 * Where a member's incarnation stands. Within one incarnation a status only moves forward
 * (ALIVE, then DEAD or LEFT), which is what lets gossip merge records in any order.
 */
public enum MemberStatus {
    /** Up and reachable. */
    ALIVE,
    /** Declared dead by failure detection (heartbeat timeout or image loss). */
    DEAD,
    /** Left gracefully. */
    LEFT;

    static MemberStatus of(final int code) {
        return switch (code) {
            case 0 -> ALIVE;
            case 1 -> DEAD;
            case 2 -> LEFT;
            default -> throw new MalformedMessageException("unknown member status " + code);
        };
    }
}
