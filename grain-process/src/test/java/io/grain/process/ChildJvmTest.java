package io.grain.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest {
    /** Generous: a JVM starts slowly on a loaded machine. Never reached by a passing test. */
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChildJvm.Builder child(final String name, final String... args) {
        return ChildJvm.builder(name, TestChild.class).args(args).logFile(dir.resolve("logs").resolve(name + ".log"))
            .jvmOptions("-Xmx32m", "-XX:TieredStopAtLevel=1").leaveTimeout(READY);
    }

    @Test
    void startReturnsWhatFollowsTheReadyPrefixAndPassesTheEnvironment() {
        final Path aeron = dir.resolve("aeron-serve");
        try (ChildJvm serving = child("serve", "serve", aeron.toString()).environment("GRAIN_TEST_VALUE", "s3cret")
            .readyLine("READY", READY).aeronDirectory(aeron).start()) {
            assertEquals("s3cret", serving.awaitReady(), "the environment addition reached the child");
            assertTrue(serving.isAlive());
            assertTrue(Files.exists(aeron.resolve("cnc.dat")));
        }
    }

    @Test
    void aLauncherCommandRunsJavaInItsPlaceAndClosingEndsTheJvmItself() {
        // env execs its arguments in place, as ip netns exec does: the child is the JVM, not a wrapper around it
        final Path aeron = dir.resolve("aeron-launcher");
        final ChildJvm launched = child("launched", "serve", aeron.toString())
            .launcher(List.of("env", "GRAIN_TEST_VALUE=set-by-launcher"))
            .readyLine("READY", READY).aeronDirectory(aeron).start();
        assertEquals("set-by-launcher", launched.awaitReady(), "the launcher ran the child");
        final String command = ProcessHandle.of(launched.pid()).flatMap(p -> p.info().command()).orElse("");
        assertTrue(command.endsWith("/java"), "the child's process is the JVM itself: " + command);

        launched.close();

        assertFalse(launched.isAlive());
        assertEquals(0, launched.awaitExit(Duration.ofSeconds(1)), "it left by itself when its input closed");
        assertFalse(Files.exists(aeron));
    }

    @Test
    void closeLetsTheChildLeaveGracefullyAndDeletesItsAeronDirectory() throws Exception {
        final Path aeron = dir.resolve("aeron-leave");
        final List<String> lines = new CopyOnWriteArrayList<>();
        final ChildJvm serving = child("leave", "serve", aeron.toString()).environment("GRAIN_TEST_VALUE", "x")
            .readyLine("READY", READY).aeronDirectory(aeron).onOutputLine(lines::add).start();
        assertTrue(Files.exists(aeron));

        serving.close();

        assertFalse(serving.isAlive());
        assertEquals(0, serving.awaitExit(Duration.ofSeconds(1)), "it exited by itself, not by a signal");
        assertTrue(lines.contains("LEAVING"), "it saw its input close: " + lines);
        assertFalse(Files.exists(aeron), "its Aeron directory is gone");
        final String log = Files.readString(serving.logFile());
        assertTrue(log.startsWith("# "), "the log starts with the command");
        assertTrue(log.contains("READY x") && log.contains("LEAVING"), log);
        assertFalse(log.contains("GRAIN_TEST_VALUE"), "the environment is not logged");
        serving.close(); // idempotent
    }

    @Test
    void closeDestroysAChildThatDoesNotLeaveInTime() {
        final Path aeron = dir.resolve("aeron-deaf");
        final ChildJvm deaf = child("deaf", "deaf").readyLine("READY", READY).leaveTimeout(Duration.ofMillis(500))
            .aeronDirectory(aeron).start();
        assertEquals("deaf", deaf.awaitReady());

        deaf.close();

        assertFalse(deaf.isAlive());
        assertTrue(deaf.awaitExit(Duration.ofSeconds(1)) != 0, "ended by a signal");
    }

    @Test
    void killEndsTheChildAtOnceAndDeletesItsAeronDirectory() {
        final Path aeron = dir.resolve("aeron-kill");
        final List<String> lines = new CopyOnWriteArrayList<>();
        final ChildJvm victim = child("victim", "serve", aeron.toString()).environment("GRAIN_TEST_VALUE", "v")
            .readyLine("READY", READY).aeronDirectory(aeron).onOutputLine(lines::add).start();
        assertTrue(Files.exists(aeron));

        victim.kill();

        assertFalse(victim.isAlive());
        assertEquals(137, victim.awaitExit(Duration.ofSeconds(1)), "SIGKILL");
        assertFalse(lines.contains("LEAVING"), "no graceful leave");
        assertFalse(Files.exists(aeron));
        victim.close();
    }

    @Test
    void aChildThatDiesBeforeItIsReadyFailsStartWithItsLastLines() {
        final Path aeron = dir.resolve("aeron-die");
        final IllegalStateException failure = assertThrows(IllegalStateException.class,
            () -> child("dies", "die").readyLine("READY", READY).aeronDirectory(aeron).start());

        final String message = failure.getMessage();
        assertTrue(message.startsWith("dies (pid "), message);
        assertTrue(message.contains("exited with 3 before it was ready"), message);
        assertTrue(message.contains("starting up") && message.contains("fatal: the port is taken"),
            "standard output and error are both quoted: " + message);
        assertTrue(message.contains(dir.resolve("logs").resolve("dies.log").toString()), message);
    }

    @Test
    void aChildThatIsNotReadyInTimeIsEndedAndFailsStart() {
        final Path aeron = dir.resolve("aeron-silent");
        final ChildJvm silent = child("silent", "silent").readyLine("READY", Duration.ofSeconds(3)).aeronDirectory(aeron).launch();

        final IllegalStateException failure = assertThrows(IllegalStateException.class, silent::awaitReady);

        assertTrue(failure.getMessage().contains("printed no line starting with \"READY\" within PT3S"), failure.getMessage());
        assertFalse(silent.isAlive(), "a child that failed to start is not left behind");
    }

    @Test
    void awaitExitReturnsTheExitCodeAfterEveryLineWasSeen() {
        final List<String> lines = new CopyOnWriteArrayList<>();
        try (ChildJvm reporter = ChildJvm.builder("report", TestChild.class).args("report").onOutputLine(lines::add).launch()) {
            assertEquals("", reporter.awaitReady(), "no ready line asked for");
            assertEquals(0, reporter.awaitExit(READY));
            assertEquals(List.of("RESULT a 1.5", "RESULT b 2.5"), lines);
            assertEquals(lines, reporter.lastLines());
        }
    }

    @Test
    void awaitExitKillsAChildThatRunsTooLong() {
        final ChildJvm silent = child("long", "silent").launch();

        final IllegalStateException failure = assertThrows(IllegalStateException.class, () -> silent.awaitExit(Duration.ofSeconds(2)));

        assertTrue(failure.getMessage().contains("did not exit within PT2S; killed"), failure.getMessage());
        assertFalse(silent.isAlive());
    }

    @Test
    void closeAllEndsEveryLiveChild() {
        final ChildJvm first = child("all-1", "deaf").readyLine("READY", READY).leaveTimeout(Duration.ofMillis(500)).launch();
        final Path aeron = dir.resolve("aeron-all");
        final ChildJvm second = child("all-2", "serve", aeron.toString()).environment("GRAIN_TEST_VALUE", "2")
            .readyLine("READY", READY).aeronDirectory(aeron).launch();
        first.awaitReady();
        second.awaitReady();

        ChildJvm.closeAll();

        assertFalse(first.isAlive());
        assertFalse(second.isAlive());
        assertEquals(0, second.awaitExit(Duration.ofSeconds(1)), "the one that listens left gracefully");
        assertFalse(Files.exists(aeron));
    }

    @Test
    void theShutdownHookClosesChildrenTheirParentLeftRunning() {
        final Path aeron = dir.resolve("aeron-orphan");
        final List<String> lines = new CopyOnWriteArrayList<>();
        final ChildJvm parent = child("parent", "parent", aeron.toString()).onOutputLine(lines::add).launch();

        assertEquals(0, parent.awaitExit(READY), "the parent exited: " + lines);

        final long grandchild = lines.stream().filter(line -> line.startsWith("CHILD ")).mapToLong(line -> Long.parseLong(line.substring(6)))
            .findFirst().orElseThrow(() -> new AssertionError("no CHILD line: " + lines));
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "the grandchild was ended by the parent's hook");
        assertFalse(Files.exists(aeron), "and its Aeron directory deleted");
        assertTrue(lines.stream().anyMatch(line -> line.contains("LEAVING")), "gracefully: its output went to the parent's SLF4J " + lines);
    }
}
