package io.grain.sample.gateway;

import io.grain.metrics.micrometer.GrainMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A member's calls per second and p50/p99 call latency, read from the {@link GrainMeters#CALLS}
 * timers of its meter registry (every kind, method and outcome summed). Each {@link #read} gives the
 * figures of the window since the previous read: the rate from the difference of the timers'
 * counts, the percentiles from the difference of their cumulative histogram buckets, so a
 * percentile is the upper bound of the bucket it falls in. Nothing is measured here: the member's
 * {@code GrainMeters} records, this only reads.
 *
 * <p>Thread safety: {@link #read} is synchronized (the member's status grain calls it; a test may too).
 */
public final class CallFigures {
    /** The figures of one window. */
    public record Window(double callsPerSecond, double p50Millis, double p99Millis) {
        static final Window NONE = new Window(0, 0, 0);
    }

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private long lastCount;
    private long lastNanos;
    /** Bucket upper bound (ns) to cumulative count, at the previous read. */
    private TreeMap<Double, Double> lastBuckets = new TreeMap<>();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}). */
    public CallFigures(final MeterRegistry registry, final LongSupplier nanoClock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.lastNanos = nanoClock.getAsLong();
    }

    /** The figures since the previous read (since construction for the first). */
    public synchronized Window read() {
        final long now = nanoClock.getAsLong();
        long count = 0;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        for (final Timer timer : registry.find(GrainMeters.CALLS).timers()) {
            final HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            for (final CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.NANOSECONDS), bucket.count(), Double::sum);
            }
        }
        final long calls = count - lastCount;
        final long elapsed = now - lastNanos;
        final Window window = calls <= 0 || elapsed <= 0 ? Window.NONE : new Window(
            calls * 1e9 / elapsed, percentile(buckets, calls, 0.50), percentile(buckets, calls, 0.99));
        lastCount = count;
        lastNanos = now;
        lastBuckets = buckets;
        return window;
    }

    /** The upper bound (ms) of the first bucket whose count in this window reaches {@code q} of the window's calls. */
    private double percentile(final TreeMap<Double, Double> buckets, final long calls, final double q) {
        final double wanted = Math.ceil(q * calls);
        double bound = 0;
        for (final var bucket : buckets.entrySet()) {
            bound = bucket.getKey();
            final double inWindow = bucket.getValue() - lastBuckets.getOrDefault(bucket.getKey(), 0.0);
            if (inWindow >= wanted) {
                break;
            }
        }
        return bound / TimeUnit.MILLISECONDS.toNanos(1);
    }
}
