package io.grain.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job end to end, short: two member JVMs over Aeron UDP on loopback, bots in client mode,
 * a SIGKILL and a restart of a member, and the summary; nothing may be left running or on disk.
 * The timeout only guards against a hang; nothing here measures time.
 */
class ArenaLauncherTest {
    @Test
    @Timeout(180)
    void runsTheGameThroughACrashToItsSummaryAndLeavesNothingBehind() {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new ArenaLauncher()).execute(
                "--members=2", "--bots=8", "--duration=12s", "--chaos", "--base-port=20700");
        } finally {
            System.setOut(original);
        }
        final String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        assertEquals(0, exit, output);
        assertTrue(output.contains("arena: chaos: member 1 killed with SIGKILL"), output);
        assertTrue(output.contains("arena: chaos: member 1 restarted"), output);
        assertTrue(output.contains("arena: summary"), output);
        assertTrue(output.matches("(?s).*matches\\s+[1-9]\\d* finished.*"), "matches were played:\n" + output);
        assertTrue(output.contains("calls to its grains succeeded again after"), output);
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no member process left");
        final String[] left = new File("/dev/shm").list((dir, name) -> name.startsWith("grain-"));
        assertTrue(left == null || left.length == 0, "no Aeron directory left: " + Arrays.toString(left));
    }
}
