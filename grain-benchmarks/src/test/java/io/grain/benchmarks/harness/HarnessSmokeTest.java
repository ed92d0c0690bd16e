package io.grain.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness with tiny counts (--smoke), so it cannot rot: every scenario runs in its own JVM,
 * reports its figures, and leaves no process or Aeron directory behind. Asserts no timing.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class HarnessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyScenarioRunsAndReports() throws Exception {
        final Harness harness = new Harness(Settings.smoke(), dir.resolve("work"), true);
        final Report report = harness.run();
        report.write(dir.resolve("out"));

        assertEquals(java.util.Map.of(), harness.failures(), "every scenario ran");
        for (final String figure : List.of("codec.grainEncodePrimitives.ops_per_us", "codec.protobufDecodeState.bytes_per_op",
            "grain.local.pipelined.rate", "pekko.local.pipelined.rate", "grain.g2g.sameShard.rate", "grain.g2g.crossShard.rate",
            "aeron.oneway.rate", "aeron.pingpong.p99_us", "grain.remote.pipelined.rate", "grain.remote.fixed1000.p99_us",
            "pekko.remote.tcp.pipelined.rate", "pekko.remote.aeronudp.pipelined.rate", "grain.scale.bytesPerActivation",
            "grain.scale.activationRate")) {
            assertTrue(harness.figures().containsKey(figure), "figure " + figure + " in " + harness.figures().keySet());
        }
        assertTrue(harness.figures().get("grain.scale.activations") > 0);
        assertTrue(Files.readString(dir.resolve("out/RESULTS.md")).contains("## Grain against its anchors"));
        assertTrue(Files.size(dir.resolve("out/benchmarks.png")) > 0);
        assertTrue(report.table().contains("local: outside thread -> grain"));

        final File[] left = new File("/dev/shm").listFiles((d, name) -> name.startsWith(harness.runId()));
        assertTrue(left == null || left.length == 0, "no Aeron directory left behind");
        assertFalse(ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive), "no child JVM left behind");
    }
}
