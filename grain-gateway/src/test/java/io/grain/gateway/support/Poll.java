package io.grain.gateway.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition by polling, with a bound; never sleeps a fixed time. */
public final class Poll {
    private Poll() {
    }

    public static void until(final String what, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + TestClient.WAIT_SECONDS + " s for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
