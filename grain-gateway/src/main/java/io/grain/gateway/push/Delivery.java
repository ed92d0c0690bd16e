package io.grain.gateway.push;

/** What a member's gateway did with a push routed to it. */
public enum Delivery {
    /** Written to the principal's connection. */
    SENT,
    /** The principal's session is between connections: kept for its resume. */
    KEPT,
    /** The gateway has no session of the principal (it ended or moved): dropped. */
    NO_SESSION,
    /** The member hosts no gateway (any more): dropped. */
    NO_GATEWAY,
    /** The gateway does not know the observer method (its observer interface is not registered): dropped. */
    UNKNOWN_METHOD
}
