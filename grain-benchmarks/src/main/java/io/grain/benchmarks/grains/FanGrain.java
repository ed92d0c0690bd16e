package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/** Counts what it gets in one JVM-wide adder: the benchmark reads deliveries per second from it. */
public final class FanGrain implements Fan {
    /** Ticks delivered to every fan of this JVM. */
    public static final LongAdder DELIVERED = new LongAdder();

    private final GrainContext context;

    public FanGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public void onTick(final Tick tick) {
        DELIVERED.increment();
    }

    @Override
    public CompletableFuture<Void> blast(final java.util.List<Long> keys, final int rounds) {
        final Fan[] fans = new Fan[keys.size()];
        for (int i = 0; i < fans.length; i++) {
            fans[i] = context.grains().get(Fan.class, keys.get(i).longValue());
        }
        final Tick tick = new Tick(1);
        for (int r = 0; r < rounds; r++) {
            for (final Fan fan : fans) {
                fan.onTick(tick);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> join(final String topic) {
        return context.topics().topic(topic, Tick.class).subscribe(context.self(Fan.class), Fan::onTick).thenApply(s -> null);
    }
}
