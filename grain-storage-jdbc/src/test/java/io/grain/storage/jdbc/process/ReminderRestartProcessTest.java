package io.grain.storage.jdbc.process;

import io.grain.process.ChildJvm;
import io.grain.transport.aeron.AeronTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reminder registered before a SIGKILL of every member fires after the cluster is started again
 * (docs/REMINDERS.md): two member JVMs over Aeron on one SQLite file ({@code JdbcStorage}) arm a
 * reminder due in 15 s, both are SIGKILLed before it is due, and two new member JVMs on the same
 * file deliver its tick.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReminderRestartProcessTest {
    private static final Duration START = Duration.ofSeconds(60);
    /** Generous bound for the due time plus a scan on a loaded 2-core machine. */
    private static final Duration FIRE_BOUND = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void aReminderArmedBeforeEveryMemberWasKilledFiresAfterTheClusterStartsAgain() {
        final String run = "grain-rem-" + UUID.randomUUID().toString().substring(0, 8);
        final File logs = new File("target/multi-process-logs");
        logs.mkdirs();
        final String db = temp.resolve("grain.db").toString();
        final List<String> fired = new CopyOnWriteArrayList<>();
        final List<String> armed = new CopyOnWriteArrayList<>();
        final List<ChildJvm> processes = new ArrayList<>();
        try {
            // the first cluster arms the reminder and is SIGKILLed before it is due
            // the second member arms it once it started, so the kill follows the arming closely
            final ChildJvm a0 = member(run, "a", 0, "-", db, "-", logs, fired, armed);
            processes.add(a0);
            final String seedA = a0.awaitReady();
            final ChildJvm a1 = member(run, "a", 1, seedA, db, "arm", logs, fired, armed);
            processes.add(a1);
            a1.awaitReady();
            await(START, () -> !armed.isEmpty(), () -> "the reminder is stored");
            a0.kill();
            a1.kill();
            assertFalse(a0.isAlive() || a1.isAlive(), "both members are gone");
            assertEquals(List.of(), fired, "nothing fired before the kill (due in " + ReminderMemberMain.DUE_MILLIS + " ms)");

            // a new cluster on the same file delivers the tick
            final ChildJvm b0 = member(run, "b", 0, "-", db, "-", logs, fired, armed);
            processes.add(b0);
            final String seedB = b0.awaitReady();
            final ChildJvm b1 = member(run, "b", 1, seedB, db, "-", logs, fired, armed);
            processes.add(b1);
            b1.awaitReady();
            await(FIRE_BOUND, () -> !fired.isEmpty(), () -> "the reminder fired after the restart");
            assertTrue(fired.get(0).startsWith("FIRED p ping member="), fired.get(0));
        } finally {
            for (final ChildJvm p : processes) {
                p.close();
            }
        }
        for (final ChildJvm p : processes) {
            assertFalse(p.isAlive(), p.name() + " process is gone");
        }
    }

    private static ChildJvm member(final String run, final String cluster, final int id, final String seeds, final String db,
        final String arm, final File logs, final List<String> fired, final List<String> armed) {
        final String aeronDir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, run + "-" + cluster + id).getPath();
        return ChildJvm.builder("member-" + cluster + id, ReminderMemberMain.class)
            .classpath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
            .jvmOptions("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
            .args(String.valueOf(id), "127.0.0.1:0", seeds, aeronDir, db, arm)
            .logFile(new File(logs, run + "-" + cluster + id + ".log").toPath())
            .readyLine("READY ", START)
            .leaveTimeout(Duration.ofSeconds(15))
            .aeronDirectory(new File(aeronDir).toPath())
            .onOutputLine(line -> {
                if (line.startsWith("FIRED ")) {
                    fired.add(line);
                } else if (line.startsWith("ARMED")) {
                    armed.add(line);
                }
            })
            .launch();
    }

    private static void await(final Duration timeout, final BooleanSupplier condition, final Supplier<String> what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
