package io.grain.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rate counts only successful calls; errors and timeouts are counted beside it. */
class LoadDriverTest {
    @Test
    void theRateCountsOnlySuccessfulCallsWhetherOthersFailOrTimeOut() {
        // of every ten calls: five succeed, three fail, one times out, one throws before returning a stage
        final LoadDriver driver = new LoadDriver(i -> {
            switch (i % 10) {
                case 5, 6, 7:
                    return CompletableFuture.failedFuture(new IllegalStateException("call " + i));
                case 8:
                    return CompletableFuture.failedFuture(new TimeoutException("call " + i));
                case 9:
                    throw new IllegalArgumentException("call " + i);
                default:
                    return CompletableFuture.completedFuture(i);
            }
        }, 4, 1_000_000_000L);

        final LoadDriver.Outcome outcome = driver.exactly(1000);

        assertEquals(1000, outcome.issued());
        assertEquals(500, outcome.ok());
        assertEquals(400, outcome.errors());
        assertEquals(100, outcome.timeouts());
        assertEquals(0, outcome.hung());
        // the rate is ok / seconds: with failures added in it would be twice that
        assertEquals(500.0, outcome.okPerSecond() * outcome.seconds(), 1e-6);
    }
}
