package io.grain.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness with tiny counts (--smoke), so it cannot rot: every scenario runs in its own JVM,
 * reports its figures, says when it starts and ends, and leaves no process or Aeron directory
 * behind. Every scenario must finish without a single error or timeout, and the storage scenarios
 * (SQLite, and a PostgreSQL server each starts and stops) without an acknowledged write missing
 * from the database. Asserts no timing.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HarnessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyScenarioRunsAndReports() throws Exception {
        final List<String> progress = new CopyOnWriteArrayList<>();
        final Harness harness = new Harness(Settings.smoke(), dir.resolve("work"), true, progress::add);
        final Report report = harness.run();
        report.write(dir.resolve("out"));

        assertEquals(java.util.Map.of(), harness.failures(), "every scenario ran");
        // a line as each scenario starts and one as it ends, in order, so a run is never silent for minutes
        assertFalse(progress.isEmpty(), "progress lines");
        for (int i = 0; i < progress.size(); i += 2) {
            final String name = progress.get(i).replaceFirst("^scenario (\\S+) started$", "$1");
            assertEquals("scenario " + name + " started", progress.get(i), "line " + i + " of " + progress);
            assertTrue(progress.get(i + 1).startsWith("scenario " + name + " ended after ")
                && progress.get(i + 1).endsWith(" s: ok"), "line " + (i + 1) + " of " + progress);
        }
        assertTrue(progress.contains("scenario codec started") && progress.contains("scenario grain-remote started"), progress.toString());
        for (final String figure : List.of("codec.grainEncodePrimitives.ops_per_us", "codec.protobufDecodeState.bytes_per_op",
            "grain.local.pipelined.rate", "pekko.local.pipelined.rate", "grain.g2g.sameShard.rate", "grain.g2g.crossShard.rate",
            "aeron.oneway.rate", "aeron.pingpong.p99_us", "grain.remote.pipelined.rate", "grain.remote.fixed1000.p99_us",
            "pekko.remote.tcp.pipelined.rate", "pekko.remote.aeronudp.pipelined.rate", "grain.scale.bytesPerActivation",
            "grain.scale.activationRate", "grain.topic.fanout.deliveries_per_s", "anchor.topic.oneway.deliveries_per_s",
            "grain.reminders.ticks.rate", "anchor.reminders.calls.rate")) {
            assertTrue(harness.figures().containsKey(figure), "figure " + figure + " in " + harness.figures().keySet());
        }
        assertTrue(harness.figures().get("grain.scale.activations") > 0);
        final String large = "grain.remote.payload" + Harness.LARGE_PAYLOAD + ".pipelined";
        assertTrue(harness.figures().get(large + ".ok") > 0, "calls with a 1 MiB argument went: " + harness.figures());
        assertEquals(0.0, harness.figures().get(large + ".errors"), "and none failed");

        for (final String db : List.of("sqlite", "postgres")) {
            for (final String figure : List.of("grain.storage." + db + ".writes.rate", "grain.storage." + db + ".writes.p99_us",
                "anchor.storage." + db + ".writes.rate", "anchor.storage." + db + ".writes.p99_us",
                "grain.storage." + db + ".activations.withState.rate", "anchor.storage." + db + ".activations.withoutState.rate")) {
                assertTrue(harness.figures().containsKey(figure), "figure " + figure + " in " + harness.figures().keySet());
            }
            assertTrue(harness.figures().get("grain.storage." + db + ".writes.ok") > 0, db + " grain writes succeeded");
            assertEquals((double)Settings.smoke().storage().stored(), harness.figures().get("grain.storage." + db + ".activations.withState.ok"),
                db + ": every stored state loaded");
            assertEquals((double)Settings.smoke().storage().stored(),
                harness.figures().get("anchor.storage." + db + ".activations.withoutState.ok"), db + ": every stateless activation");
        }
        // no scenario, messaging or storage, had a single error or timeout (its rates count successes only)
        final long errorFigures = harness.figures().keySet().stream().filter(name -> name.endsWith(".errors")).count();
        assertTrue(errorFigures >= 10, "error counts reported: " + harness.figures().keySet());
        harness.figures().forEach((name, value) -> {
            if (name.endsWith(".errors") || name.endsWith(".timeouts")
                || name.endsWith(".warmupErrors") || name.endsWith(".acknowledgedNotStored")) {
                assertEquals(0.0, value, name);
            }
        });
        // the gateway scenarios: every connection opened (and authenticated), calls, pushes, heap per connection
        for (final String side : List.of("gateway", "wsecho")) {
            assertEquals((double)Settings.smoke().gateway().connections(), harness.figures().get(side + ".connections"), side);
            assertTrue(harness.figures().get(side + ".calls.ok") > 0, side + " calls answered: " + harness.figures());
            for (final String figure : List.of(".connectRate", ".heapPerConnection", ".calls.rate", ".calls.p99_us")) {
                assertTrue(harness.figures().containsKey(side + figure), "figure " + side + figure + " in " + harness.figures().keySet());
            }
        }
        assertTrue(harness.figures().get("gateway.pushes.ok") > 0, "pushes received: " + harness.figures());
        final String results = Files.readString(dir.resolve("out/RESULTS.md"));
        assertTrue(results.contains(Report.GATEWAY_BEGIN) && results.contains("calls through the gateway"), "gateway section written");
        assertTrue(results.contains(Report.STORAGE_BEGIN) && results.contains("state writes, 32 grains"), "storage section written");
        assertFalse(results.contains("THIS RUN HAD ERRORS"), "no storage errors reported");
        assertTrue(Files.readString(dir.resolve("out/RESULTS.md")).contains("## Grain against its anchors"));
        assertTrue(Files.size(dir.resolve("out/benchmarks.png")) > 0);
        assertTrue(report.table().contains("local: outside thread -> grain"));

        final File[] left = new File("/dev/shm").listFiles((d, name) -> name.startsWith(harness.runId()));
        assertTrue(left == null || left.length == 0, "no Aeron directory left behind");
        assertFalse(ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive), "no child JVM left behind");
    }
}
