package io.grain.gateway.push;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The push counters of one member, one per {@link PushCounter}: written by the presence grains
 * it hosts (on their shard threads), readable from any thread. Sum them over the members for the
 * cluster's totals.
 */
public final class PushCounters {
    private static final PushCounter[] ALL = PushCounter.values();

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    public long get(final PushCounter counter) {
        return values.get(counter.ordinal());
    }

    void increment(final PushCounter counter) {
        values.incrementAndGet(counter.ordinal());
    }

    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder("PushCounters{");
        for (int i = 0; i < ALL.length; i++) {
            out.append(i == 0 ? "" : ", ").append(ALL[i].name().toLowerCase()).append('=').append(values.get(i));
        }
        return out.append('}').toString();
    }
}
