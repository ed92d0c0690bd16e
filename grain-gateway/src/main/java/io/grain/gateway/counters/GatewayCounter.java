package io.grain.gateway.counters;
import io.grain.gateway.limits.GatewayLimits;

/** What a gateway counts; read them through {@link GatewayCounters}. */
public enum GatewayCounter {
    /** Connections accepted. */
    CONNECTIONS_OPENED,
    /** Connections closed at accept because {@link GatewayLimits#maxConnections()} were open. */
    CONNECTIONS_REFUSED,
    /** Connections closed, for whatever reason. */
    CONNECTIONS_CLOSED,
    /** Successful Authenticate frames (new and resumed sessions). */
    AUTHENTICATED,
    /** Authenticate frames the authenticator refused (bad or expired token). */
    AUTH_FAILURES,
    /** Calls sent on to a grain. */
    CALLS,
    /** Replies sent for calls. */
    REPLIES,
    /** Error frames sent, of any code. */
    ERRORS,
    /** Frames dropped by the rate limit. */
    RATE_LIMITED,
    /** Frames that did not decode or lacked required fields. */
    MALFORMED_FRAMES,
    /** Frames over the maximum frame size (the connection is closed). */
    FRAMES_TOO_LARGE,
    /** Connections closed for too many refused frames in a row. */
    ABUSE_CLOSES,
    /** Connections closed because the client did not read (the outgoing queue was full). */
    SLOW_CONSUMER_CLOSES,
    /** Connections closed without a successful Authenticate within the handshake timeout. */
    HANDSHAKE_TIMEOUTS,
    /** Connections closed after the idle timeout. */
    IDLE_TIMEOUTS,
    /** Times reading a connection paused because its calls in flight reached the limit. */
    READS_PAUSED,
    /** Sessions resumed by a reconnecting client. */
    SESSIONS_RESUMED,
    /** Sessions ended after the grace period without a resume. */
    SESSIONS_EXPIRED,
    /** Pushes written to a connected client. */
    PUSHES_SENT,
    /** Pushes kept for a disconnected session within its grace period. */
    PUSHES_KEPT,
    /** Pushes to a principal without a session on this gateway: dropped. */
    PUSHES_DROPPED,
    /** Pushes that a resuming client could not get because the session no longer held them. */
    PUSHES_LOST
}
