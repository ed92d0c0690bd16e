package io.grain.membership.postgres;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: waits for a condition until a deadline, then fails with a description. */
final class Await {
    /** Generous bound for a cluster to converge on a loaded 2-core machine; the defaults aim at seconds. */
    static final Duration CONVERGE = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(final Duration timeout, final BooleanSupplier condition, final Supplier<String> what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
