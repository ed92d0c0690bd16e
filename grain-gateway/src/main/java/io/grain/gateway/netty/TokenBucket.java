package io.grain.gateway.netty;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}; each frame takes one.
 * Confined to one connection's event loop.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacityNanos;
    private final long nanosPerToken;
    private final LongSupplier nanoClock;
    /** Tokens held, in nanoseconds of refill time, so refills need no division. */
    private long heldNanos;
    private long lastNanos;

    TokenBucket(final int perSecond, final int burst, final LongSupplier nanoClock) {
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.capacityNanos = nanosPerToken * burst;
        this.nanoClock = nanoClock;
        this.heldNanos = capacityNanos;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Takes a token if there is one. */
    boolean tryTake() {
        final long now = nanoClock.getAsLong();
        final long elapsed = now - lastNanos;
        lastNanos = now;
        if (elapsed > 0) {
            heldNanos = Math.min(capacityNanos, heldNanos + elapsed);
        }
        if (heldNanos >= nanosPerToken) {
            heldNanos -= nanosPerToken;
            return true;
        }
        return false;
    }
}
