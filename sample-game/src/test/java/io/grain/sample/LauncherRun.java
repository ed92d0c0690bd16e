package io.grain.sample;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of {@link ArenaLauncher} in this JVM: its exit code and everything it printed (standard
 * output and error, captured, then echoed to the real standard output for the build log).
 */
record LauncherRun(int exit, String output) {
    static LauncherRun of(final String... args) {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        final int exit;
        System.setOut(capture);
        System.setErr(capture);
        try {
            exit = new CommandLine(new ArenaLauncher()).execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        final String output = captured.toString(StandardCharsets.UTF_8);
        originalOut.print(output);
        return new LauncherRun(exit, output);
    }
}
