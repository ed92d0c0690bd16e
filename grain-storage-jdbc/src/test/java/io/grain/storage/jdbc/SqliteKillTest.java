package io.grain.storage.jdbc;

import io.grain.storage.StoredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A completed write survives SIGKILL: a child JVM writes grain states into a SQLite file and prints
 * each acknowledgement; the test kills it with SIGKILL in the middle of its writes, then opens the
 * file and finds every acknowledged state.
 */
class SqliteKillTest {
    /** Acknowledgements to see before the kill. */
    private static final int ACKS_BEFORE_KILL = 2000;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedWriteSurvivesSigkillOfTheWriter() throws Exception {
        final Path file = directory.resolve("killed.db");
        final Path errors = directory.resolve("child-stderr.txt");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            AcknowledgingWriter.class.getName(), file.toString())
            .redirectError(errors.toFile())
            .start();
        final List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                } else if (line.startsWith("failed ")) {
                    throw new AssertionError("the child's write failed: " + line);
                }
                if (!killed && acknowledged.size() >= ACKS_BEFORE_KILL) {
                    // SIGKILL on Linux: no shutdown hook, no close, writes in flight are cut off.
                    // Through the handle, which unlike Process.destroyForcibly() leaves the pipe
                    // open, so the acknowledgements already in it are still read.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            assertTrue(killed, "the child ended before it was killed; its stderr: " + Files.readString(errors));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        }
        assertEquals(137, child.exitValue(), "the child did not die of SIGKILL");

        try (JdbcStorage reopened = JdbcStorage.sqlite(file)) {
            for (final long n : acknowledged) {
                final StoredState state = reopened.readState(AcknowledgingWriter.key(n)).get(60, TimeUnit.SECONDS);
                assertNotNull(state, "acknowledged write " + n + " is lost");
                assertArrayEquals(AcknowledgingWriter.payload(n), state.payload());
            }
        }
    }
}
