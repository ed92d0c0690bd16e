package io.grain.gateway.limits;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What one gateway lets a client do, each limit with a documented default (docs/GATEWAY.md,
 * "Limits"). Immutable; made by {@link #builder()}, validated once in {@link Builder#build()}.
 * The defaults follow Nakama's and SignalR's socket limits.
 */
public final class GatewayLimits {
    /** Largest frame a client may send, in bytes (SignalR's 32 KiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 32 * 1024;
    /** Time from connect to a successful Authenticate (SignalR's handshake timeout). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** The gateway pings a client it has sent nothing to for this long (Nakama's ping period). */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
    /** A client the gateway has received nothing from for this long is closed (SignalR's client timeout). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Frames per second a connection may send, on average (the token bucket's refill rate). */
    public static final int DEFAULT_FRAMES_PER_SECOND = 50;
    /** Frames a connection may send at once (the token bucket's size). */
    public static final int DEFAULT_FRAME_BURST = 100;
    /** Calls of one connection waiting for their grain; at the limit the gateway stops reading it. */
    public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 32;
    /** Frames written to a connection and not yet taken by its socket; past it the client is a slow consumer (Nakama's outgoing queue). */
    public static final int DEFAULT_MAX_OUTBOUND_FRAMES = 64;
    /** Open connections per gateway. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Refused frames in a row (malformed, unknown, forbidden, rate limited, failed auth) before the connection is closed. */
    public static final int DEFAULT_MAX_CONSECUTIVE_ERRORS = 10;
    /** How long a session outlives its connection, so a reconnecting client can resume it. */
    public static final Duration DEFAULT_SESSION_GRACE = Duration.ofSeconds(30);
    /** Pushes a session keeps to send again on resume (the newest ones). */
    public static final int DEFAULT_MAX_KEPT_PUSHES = 64;

    private final int maxFrameBytes;
    private final long handshakeTimeoutMillis;
    private final long pingIntervalMillis;
    private final long idleTimeoutMillis;
    private final int framesPerSecond;
    private final int frameBurst;
    private final int maxCallsInFlight;
    private final int maxOutboundFrames;
    private final int maxConnections;
    private final int maxConsecutiveErrors;
    private final long sessionGraceMillis;
    private final int maxKeptPushes;

    private GatewayLimits(final Builder b) {
        maxFrameBytes = b.maxFrameBytes;
        handshakeTimeoutMillis = b.handshakeTimeout.toMillis();
        pingIntervalMillis = b.pingInterval.toMillis();
        idleTimeoutMillis = b.idleTimeout.toMillis();
        framesPerSecond = b.framesPerSecond;
        frameBurst = b.frameBurst;
        maxCallsInFlight = b.maxCallsInFlight;
        maxOutboundFrames = b.maxOutboundFrames;
        maxConnections = b.maxConnections;
        maxConsecutiveErrors = b.maxConsecutiveErrors;
        sessionGraceMillis = b.sessionGrace.toMillis();
        maxKeptPushes = b.maxKeptPushes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every limit at its default. */
    public static GatewayLimits defaults() {
        return builder().build();
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    public long pingIntervalMillis() {
        return pingIntervalMillis;
    }

    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public int framesPerSecond() {
        return framesPerSecond;
    }

    public int frameBurst() {
        return frameBurst;
    }

    public int maxCallsInFlight() {
        return maxCallsInFlight;
    }

    public int maxOutboundFrames() {
        return maxOutboundFrames;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConsecutiveErrors() {
        return maxConsecutiveErrors;
    }

    public long sessionGraceMillis() {
        return sessionGraceMillis;
    }

    public int maxKeptPushes() {
        return maxKeptPushes;
    }

    /** Sets limits; every one starts at its {@code DEFAULT_*}. Not thread safe. */
    public static final class Builder {
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int framesPerSecond = DEFAULT_FRAMES_PER_SECOND;
        private int frameBurst = DEFAULT_FRAME_BURST;
        private int maxCallsInFlight = DEFAULT_MAX_CALLS_IN_FLIGHT;
        private int maxOutboundFrames = DEFAULT_MAX_OUTBOUND_FRAMES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConsecutiveErrors = DEFAULT_MAX_CONSECUTIVE_ERRORS;
        private Duration sessionGrace = DEFAULT_SESSION_GRACE;
        private int maxKeptPushes = DEFAULT_MAX_KEPT_PUSHES;

        private Builder() {
        }

        public Builder maxFrameBytes(final int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder handshakeTimeout(final Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder pingInterval(final Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder idleTimeout(final Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** The token bucket of each connection: {@code perSecond} refill, {@code burst} size. */
        public Builder frameRate(final int perSecond, final int burst) {
            this.framesPerSecond = perSecond;
            this.frameBurst = burst;
            return this;
        }

        public Builder maxCallsInFlight(final int calls) {
            this.maxCallsInFlight = calls;
            return this;
        }

        public Builder maxOutboundFrames(final int frames) {
            this.maxOutboundFrames = frames;
            return this;
        }

        public Builder maxConnections(final int connections) {
            this.maxConnections = connections;
            return this;
        }

        public Builder maxConsecutiveErrors(final int errors) {
            this.maxConsecutiveErrors = errors;
            return this;
        }

        public Builder sessionGrace(final Duration grace) {
            this.sessionGrace = grace;
            return this;
        }

        public Builder maxKeptPushes(final int pushes) {
            this.maxKeptPushes = pushes;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first limit that is out of range.
         */
        public GatewayLimits build() {
            positive("maxFrameBytes", maxFrameBytes);
            positive("handshakeTimeout", handshakeTimeout);
            positive("pingInterval", pingInterval);
            positive("idleTimeout", idleTimeout);
            if (idleTimeout.compareTo(pingInterval) <= 0) {
                throw new IllegalArgumentException("idleTimeout (" + idleTimeout + ") must be longer than pingInterval ("
                    + pingInterval + "), or a client that answers every ping is still closed as idle");
            }
            positive("framesPerSecond", framesPerSecond);
            positive("frameBurst", frameBurst);
            positive("maxCallsInFlight", maxCallsInFlight);
            positive("maxOutboundFrames", maxOutboundFrames);
            positive("maxConnections", maxConnections);
            positive("maxConsecutiveErrors", maxConsecutiveErrors);
            if (sessionGrace == null || sessionGrace.isNegative()) {
                throw new IllegalArgumentException("sessionGrace must be zero or positive: " + sessionGrace);
            }
            if (maxKeptPushes < 0) {
                throw new IllegalArgumentException("maxKeptPushes must be zero or positive: " + maxKeptPushes);
            }
            return new GatewayLimits(this);
        }

        private static void positive(final String name, final int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
        }

        private static void positive(final String name, final Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.toMillis() > TimeUnit.DAYS.toMillis(1)) {
                throw new IllegalArgumentException(name + " must be positive and at most a day: " + value);
            }
        }
    }
}
