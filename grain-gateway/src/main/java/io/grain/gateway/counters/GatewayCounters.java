package io.grain.gateway.counters;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A gateway's counters, one per {@link GatewayCounter}, plus the open connections. Written by the
 * gateway's event loops and by the threads that complete grain calls and push; readable from any
 * thread at any time (each value is exact on its own, a set of values read together is not a
 * snapshot).
 */
public final class GatewayCounters {
    private static final GatewayCounter[] ALL = GatewayCounter.values();

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);
    private final AtomicLongArray open = new AtomicLongArray(1);

    /** The current value of {@code counter}. */
    public long get(final GatewayCounter counter) {
        return values.get(counter.ordinal());
    }

    /** Connections open now. */
    public long openConnections() {
        return open.get(0);
    }

    /** Adds one to {@code counter}; called by the gateway's handlers. */
    public void increment(final GatewayCounter counter) {
        values.incrementAndGet(counter.ordinal());
    }

    /** Adds {@code amount} to {@code counter}; called by the gateway's handlers. */
    public void add(final GatewayCounter counter, final long amount) {
        if (amount != 0) {
            values.addAndGet(counter.ordinal(), amount);
        }
    }

    /** Counts a new connection unless {@code max} are open already; true when it was counted. */
    public boolean tryOpen(final int max) {
        while (true) {
            final long now = open.get(0);
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(0, now, now + 1)) {
                return true;
            }
        }
    }

    /** Counts a connection closed that {@link #tryOpen} counted. */
    public void closed() {
        open.decrementAndGet(0);
    }

    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder("GatewayCounters{open=").append(openConnections());
        for (final GatewayCounter c : ALL) {
            out.append(", ").append(c.name().toLowerCase()).append('=').append(get(c));
        }
        return out.append('}').toString();
    }
}
