package io.grain.benchmarks.harness;

/**
 * The sizes of one harness run. The same in-flight limit, key count, warm-up and measuring
 * windows go to every side (Grain, Pekko, raw Aeron).
 *
 * @param messaging whether the run has the messaging scenarios (codec, local, grain -> grain, remote, scale)
 * @param storage   the sizes of the storage scenarios, or {@code null} when the run has none
 */
record Settings(String mode, long warmupMs, long measureMs, long latencyMs, int inFlight, int keys, int grainToGrainCalls,
                int scaleCount, String rates, int codecWarmups, int codecIterations, int codecIterationMs, int codecForks,
                boolean jfr, long scenarioTimeoutSeconds, boolean messaging, StorageSettings storage, GatewaySettings gateway) {

    /**
     * The gateway scenarios: {@code connections} WebSocket connections to one gateway and to the
     * plain Netty echo anchor, {@code inFlight} calls in flight on each, pushes in bursts of
     * {@code burst} per connection; each measured window after a warm-up of its own.
     */
    record GatewaySettings(int connections, int inFlight, int burst, long warmupMs, long measureMs, long timeoutSeconds) {
        /** Few connections: the smoke test's run stays short; the quick and full runs open 10,000. */
        static GatewaySettings smoke() {
            return new GatewaySettings(200, 1, 8, 300, 300, 120);
        }

        /** Opening 10,000 connections alone took 40-90 s on 2 busy cores: a timeout of their own, not the other scenarios'. */
        static GatewaySettings measured(final long warmupMs, final long measureMs) {
            return new GatewaySettings(10_000, 1, 8, warmupMs, measureMs, 600);
        }
    }

    /**
     * The storage scenarios: {@code grains} grains writing with {@code inFlight} calls in flight,
     * then at {@code fixedRate} writes/s offered (latency without a queue of 1000 ahead), the
     * plain-JDBC anchor at each of {@code anchorThreads}, and {@code stored} stored states
     * activated against as many stateless grains.
     */
    record StorageSettings(int grains, int inFlight, long warmupMs, long measureMs, int fixedRate, String anchorThreads,
                           long anchorWarmupMs, long anchorMs, int stored, int warmActivations) {
        static StorageSettings smoke() {
            return new StorageSettings(32, 32, 200, 300, 100, "1,2", 100, 200, 1_000, 100);
        }

        static StorageSettings measured(final long measureMs) {
            return new StorageSettings(1_000, 1_000, 3_000, measureMs, 200, "1,4,16,64", 1_000, measureMs, 100_000, 5_000);
        }
    }

    /** CI: tiny counts, every scenario once (the storage ones too), nothing timed or asserted on time. */
    static Settings smoke() {
        return new Settings("smoke", 200, 300, 300, 32, 32, 20_000, 2_000, "1000", 0, 1, 100, 0, false, 90, true,
            StorageSettings.smoke(), GatewaySettings.smoke());
    }

    /** Under 5 minutes on 2 cores; the storage scenarios are not in it (-Dbench=storage, or full). */
    static Settings quick() {
        return new Settings("quick", 8_000, 3_000, 3_000, 1_000, 1_000, 2_000_000, 1_000_000, "10000,100000", 1, 2, 1_000, 1, true, 180,
            true, null, GatewaySettings.measured(5_000, 5_000));
    }

    /** Under 30 minutes, the storage scenarios included. */
    static Settings full() {
        return new Settings("full", 10_000, 20_000, 20_000, 1_000, 1_000, 20_000_000, 1_000_000, "10000,100000", 3, 5, 2_000, 2, true, 600,
            true, StorageSettings.measured(10_000), GatewaySettings.measured(5_000, 10_000));
    }

    /** Only the storage scenarios (SQLite and PostgreSQL), about 3 minutes on 2 cores. */
    static Settings storageOnly() {
        return new Settings("storage", 0, 0, 0, 1_000, 1_000, 0, 0, "-", 0, 0, 0, 0, true, 300, false, StorageSettings.measured(5_000), null);
    }

    /** Only the gateway scenarios (the echo anchor, then the gateway), about 2 minutes on 2 cores. */
    static Settings gatewayOnly() {
        return new Settings("gateway", 0, 0, 0, 1_000, 1_000, 0, 0, "-", 0, 0, 0, 0, true, 300, false, null,
            GatewaySettings.measured(5_000, 5_000));
    }
}
