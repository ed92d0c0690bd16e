package io.grain.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RESULTS.md holds the figures of two kinds of run: a storage-only run replaces only the storage
 * section, and a run without the storage scenarios keeps it, so neither loses the other's figures.
 */
class StorageSectionTest {
    @TempDir
    Path out;

    private static Report report(final Settings settings, final Map<String, Double> figures) {
        return new Report(settings, figures, Map.of(), Map.of(), Map.of(), Instant.parse("2026-12-01T20:00:00Z"), Duration.ofSeconds(1),
            "1.0", "1.0");
    }

    private static Map<String, Double> storageFigures(final double sqliteRate) {
        return Map.of("grain.storage.sqlite.writes.rate", sqliteRate, "anchor.storage.sqlite.writes.rate", 200.0,
            "grain.storage.sqlite.writes.errors", 0.0);
    }

    private String results() throws Exception {
        return Files.readString(out.resolve(Report.RESULTS));
    }

    @Test
    void aStorageRunReplacesOnlyItsSectionAndAQuickRunKeepsIt() throws Exception {
        report(Settings.quick(), Map.of("grain.local.pipelined.rate", 123_456.0)).write(out);
        assertTrue(results().contains("123.5k"));
        assertFalse(results().contains(Report.STORAGE_BEGIN));

        report(Settings.storageOnly(), storageFigures(40_000)).write(out);
        assertTrue(results().contains("123.5k"), "the messaging figures stay");
        assertTrue(results().contains("| 40.0k |"), results());
        assertTrue(results().contains("| 200.00x |"), "ratio against the anchor of the same run");

        report(Settings.storageOnly(), storageFigures(50_000)).write(out);
        assertEquals(1, results().split(java.util.regex.Pattern.quote(Report.STORAGE_BEGIN), -1).length - 1, "one storage section");
        assertTrue(results().contains("| 50.0k |"));
        assertFalse(results().contains("| 40.0k |"), "the older storage figures are replaced");

        report(Settings.quick(), Map.of("grain.local.pipelined.rate", 654_321.0)).write(out);
        assertTrue(results().contains("654.3k"));
        assertFalse(results().contains("123.5k"));
        assertTrue(results().contains("| 50.0k |"), "a run without storage scenarios keeps their section");
    }

    @Test
    void aStorageRunWithErrorsSaysSo() throws Exception {
        report(Settings.storageOnly(), Map.of("grain.storage.postgres.writes.rate", 1.0, "grain.storage.postgres.writes.errors", 3.0))
            .write(out);
        assertTrue(results().contains("THIS RUN HAD ERRORS"));
        assertTrue(results().contains("grain.storage.postgres.writes.errors=3"));
        assertTrue(report(Settings.storageOnly(), Map.of("grain.storage.postgres.writes.errors", 3.0)).table()
            .contains("ERRORS IN THE STORAGE SCENARIOS"));
        assertFalse(report(Settings.storageOnly(), Map.of("grain.storage.postgres.writes.errors", 0.0)).table()
            .contains("ERRORS IN THE STORAGE SCENARIOS"));
    }

    @Test
    void aGatewayRunReplacesOnlyItsSectionAndTheOtherRunsKeepIt() throws Exception {
        report(Settings.quick(), Map.of("grain.local.pipelined.rate", 123_456.0, "gateway.calls.rate", 3_000.0,
            "wsecho.calls.rate", 4_000.0)).write(out);
        assertTrue(results().contains(Report.GATEWAY_BEGIN), "a quick run has the gateway scenarios");
        assertTrue(results().contains("| 0.75x | >= 0.5x echo | yes |"), "calls against the echo anchor of the same run: " + results());

        report(Settings.storageOnly(), storageFigures(40_000)).write(out);
        report(Settings.gatewayOnly(), Map.of("gateway.calls.rate", 1_000.0, "wsecho.calls.rate", 4_000.0,
            "gateway.calls.errors", 2.0)).write(out);
        assertEquals(1, results().split(java.util.regex.Pattern.quote(Report.GATEWAY_BEGIN), -1).length - 1, "one gateway section");
        assertTrue(results().contains("| 0.25x | >= 0.5x echo | **no** |"), results());
        assertFalse(results().contains("| 0.75x |"), "the older gateway figures are replaced");
        assertTrue(results().contains("THIS RUN HAD ERRORS") && results().contains("gateway.calls.errors=2"), "errors said");
        assertTrue(results().contains("123.5k") && results().contains("| 40.0k |"), "the messaging and storage figures stay");

        report(Settings.storageOnly(), storageFigures(50_000)).write(out);
        assertTrue(results().contains("| 0.25x | >= 0.5x echo | **no** |"), "a storage run keeps the gateway section");
    }
}
