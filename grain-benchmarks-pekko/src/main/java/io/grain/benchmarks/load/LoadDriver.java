package io.grain.benchmarks.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives asynchronous calls the same way for every system under test (Grain, Pekko, raw Aeron),
 * so the figures differ only by what is behind {@link Call}: the same in-flight limit, the same
 * warm-up, the same error and timeout accounting. A rate counts only successful calls: errors
 * and timeouts are reported beside it, never added into it (a system that fails fast must not
 * look fast).
 *
 * <p>Thread ownership: one driving thread calls {@link #pipelined} or {@link #fixedRate}; the
 * completions may run on any thread (they only touch atomics and a {@link Recorder}).
 */
public final class LoadDriver {
    /** Slack after the last call's timeout before an outstanding call is counted as hung. */
    private static final long DRAIN_SLACK_NANOS = 2_000_000_000L;

    private final Call call;
    private final int inFlightLimit;
    private final long timeoutNanos;

    /** One asynchronous request/response; {@code i} is the call's sequence number. */
    @FunctionalInterface
    public interface Call {
        CompletionStage<?> call(int i);
    }

    /**
     * @param call          the system under test
     * @param inFlightLimit the most calls outstanding at once (the same for every side)
     * @param timeoutNanos  the call timeout the system under test was given; used to bound the drain
     */
    public LoadDriver(final Call call, final int inFlightLimit, final long timeoutNanos) {
        if (inFlightLimit < 1) {
            throw new IllegalArgumentException("inFlightLimit must be >= 1: " + inFlightLimit);
        }
        this.call = call;
        this.inFlightLimit = inFlightLimit;
        this.timeoutNanos = timeoutNanos;
    }

    /** Calls as fast as the in-flight limit allows for {@code nanos}; the rate counts successful calls. */
    public Outcome pipelined(final long nanos) {
        return pipelined(nanos, false);
    }

    /**
     * {@link #pipelined(long)}, and with {@code latency} each successful call's time from issue to
     * completion in the outcome's histogram (the storage scenarios report write latency this way).
     */
    public Outcome pipelined(final long nanos, final boolean latency) {
        final Counters counters = new Counters(latency ? new Recorder(3) : null);
        final long start = System.nanoTime();
        final long end = start + nanos;
        final Backoff backoff = new Backoff();
        int i = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (counters.inFlight.get() < inFlightLimit) {
                issue(i++, now, counters);
                backoff.reset();
            } else {
                backoff.idle();
            }
        }
        final long okInWindow = counters.ok.get();
        final long elapsed = System.nanoTime() - start;
        drain(counters);
        return counters.outcome(okInWindow, elapsed, i, latency ? counters.recorder.getIntervalHistogram() : null);
    }

    /** Makes exactly {@code calls} calls (sequence numbers 0 ..), as fast as the in-flight limit allows, and waits for all. */
    public Outcome exactly(final int calls) {
        final Counters counters = new Counters(null);
        final long start = System.nanoTime();
        final Backoff backoff = new Backoff();
        int i = 0;
        while (i < calls) {
            if (counters.inFlight.get() < inFlightLimit) {
                issue(i++, System.nanoTime(), counters);
                backoff.reset();
            } else {
                backoff.idle();
            }
        }
        drain(counters);
        final long elapsed = System.nanoTime() - start;
        return counters.outcome(counters.ok.get(), elapsed, calls, null);
    }

    /**
     * Offers {@code ratePerSecond} calls for {@code nanos}, each at its intended time; a call's
     * latency runs from its intended start, so a stall that delays later calls is counted against
     * them too (coordinated omission corrected at the source). The in-flight limit still holds:
     * a call waiting for a slot waits on the clock.
     */
    public Outcome fixedRate(final double ratePerSecond, final long nanos) {
        final Counters counters = new Counters(new Recorder(3));
        final double interval = 1e9 / ratePerSecond;
        final long start = System.nanoTime();
        final long total = (long)(nanos / interval);
        final Backoff backoff = new Backoff();
        for (int i = 0; i < total; i++) {
            final long intended = start + (long)(i * interval);
            while (System.nanoTime() < intended || counters.inFlight.get() >= inFlightLimit) {
                backoff.idle();
            }
            backoff.reset();
            issue(i, intended, counters);
        }
        final long okInWindow = counters.ok.get();
        final long elapsed = System.nanoTime() - start;
        drain(counters);
        return counters.outcome(okInWindow, elapsed, total, counters.recorder.getIntervalHistogram());
    }

    private void issue(final int i, final long startNanos, final Counters counters) {
        counters.inFlight.incrementAndGet();
        final CompletionStage<?> stage;
        try {
            stage = call.call(i);
        } catch (final RuntimeException ex) {
            counters.errors.incrementAndGet();
            counters.inFlight.decrementAndGet();
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                counters.ok.incrementAndGet();
                if (counters.recorder != null) {
                    counters.recorder.recordValue(Math.max(1, System.nanoTime() - startNanos));
                }
            } else if (isTimeout(error)) {
                counters.timeouts.incrementAndGet();
            } else {
                counters.errors.incrementAndGet();
            }
            counters.inFlight.decrementAndGet();
        });
    }

    private void drain(final Counters counters) {
        final long deadline = System.nanoTime() + timeoutNanos + DRAIN_SLACK_NANOS;
        final Backoff backoff = new Backoff();
        while (counters.inFlight.get() > 0 && System.nanoTime() < deadline) {
            backoff.idle();
        }
        counters.hung = counters.inFlight.get();
    }

    static boolean isTimeout(final Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        // Pekko's ask fails with its own AskTimeoutException (a java.util.concurrent.TimeoutException).
        return t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout");
    }

    /**
     * What one run counted; {@code okPerSecond} is the successful calls completed in the measured
     * window per second of it (errors, timeouts and hung calls are counted apart, not in the rate).
     */
    public record Outcome(long issued, long ok, long errors, long timeouts, long hung, double seconds,
                          double okPerSecond, Histogram latencyNanos) {
        /** Prints this outcome as {@code RESULT <prefix>.<metric> <value>} lines. */
        public void report(final String prefix) {
            ResultLine.print(prefix + ".rate", okPerSecond);
            ResultLine.print(prefix + ".ok", ok);
            ResultLine.print(prefix + ".errors", errors);
            ResultLine.print(prefix + ".timeouts", timeouts + hung);
            if (latencyNanos != null && latencyNanos.getTotalCount() > 0) {
                ResultLine.print(prefix + ".p50_us", latencyNanos.getValueAtPercentile(50) / 1000.0);
                ResultLine.print(prefix + ".p99_us", latencyNanos.getValueAtPercentile(99) / 1000.0);
                ResultLine.print(prefix + ".p999_us", latencyNanos.getValueAtPercentile(99.9) / 1000.0);
                ResultLine.print(prefix + ".max_us", latencyNanos.getMaxValue() / 1000.0);
            }
        }
    }

    private static final class Counters {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final Recorder recorder;
        long hung;

        Counters(final Recorder recorder) {
            this.recorder = recorder;
        }

        Outcome outcome(final long okInWindow, final long elapsedNanos, final long issued, final Histogram histogram) {
            final double seconds = elapsedNanos / 1e9;
            return new Outcome(issued, ok.get(), errors.get(), timeouts.get(), hung, seconds, okInWindow / seconds, histogram);
        }
    }

    /** Spin, then yield, then park briefly: the driving thread must not starve 2 cores of the system under test. */
    static final class Backoff {
        private static final int SPINS = 50;
        private static final int YIELDS = 50;
        private static final long MAX_PARK_NANOS = 50_000;
        private int count;

        void idle() {
            count++;
            if (count <= SPINS) {
                Thread.onSpinWait();
            } else if (count <= SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << Math.min(6, count - SPINS - YIELDS)));
            }
        }

        void reset() {
            count = 0;
        }
    }
}
