package io.grain.gateway.push;

/** What {@link PushCounters} count on one member, for the presence grains it hosts. */
public enum PushCounter {
    /** Pushes a presence grain sent on to a member's gateway. */
    PUSHES_ROUTED,
    /**
     * Pushes that reached no session: the principal had no presence, its member was gone, its
     * gateway had no session of it or no such observer method, or the delivery failed. Never an
     * error for the grain that pushed.
     */
    PUSHES_DROPPED,
    /** Presence records cleared because their member left the view or their session was gone. */
    PRESENCE_CLEARED
}
