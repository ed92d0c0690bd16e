package io.grain.benchmarks.harness;

/**
 * The sizes of one harness run. The same in-flight limit, key count, warm-up and measuring
 * windows go to every side (Grain, Pekko, raw Aeron).
 */
record Settings(String mode, long warmupMs, long measureMs, long latencyMs, int inFlight, int keys, int grainToGrainCalls,
                int scaleCount, String rates, int codecWarmups, int codecIterations, int codecIterationMs, int codecForks,
                boolean jfr, long scenarioTimeoutSeconds) {

    /** CI: tiny counts, every scenario once, nothing timed or asserted on time. */
    static Settings smoke() {
        return new Settings("smoke", 200, 300, 300, 32, 32, 20_000, 2_000, "1000", 0, 1, 100, 0, false, 90);
    }

    /** Under 5 minutes on 2 cores. */
    static Settings quick() {
        return new Settings("quick", 8_000, 3_000, 3_000, 1_000, 1_000, 2_000_000, 1_000_000, "10000,100000", 1, 2, 1_000, 1, true, 180);
    }

    /** Under 30 minutes. */
    static Settings full() {
        return new Settings("full", 10_000, 20_000, 20_000, 1_000, 1_000, 20_000_000, 1_000_000, "10000,100000", 3, 5, 2_000, 2, true, 600);
    }
}
