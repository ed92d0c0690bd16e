package io.grain.membership.postgres;

import io.grain.process.ChildJvm;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member in a JVM of its own beside two in this JVM, all on one membership table: SIGKILLed, it
 * is declared dead by the votes of the two; SIGSTOPped until declared dead and then SIGCONTinued, it
 * learns from the table that it is dead and rejoins as a new incarnation, never showing itself as
 * a host under the old incarnation again, and no peer ever takes the old incarnation back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresMembershipProcessTest {
    private static final int CHILD = 3;

    private String url;
    private Members members;
    private ChildJvm child;
    private final List<String> childLines = new CopyOnWriteArrayList<>();
    private String aeronDir;

    @BeforeEach
    void setUp() {
        url = EmbeddedPostgresServer.newUrl();
        members = new Members(url);
        aeronDir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, "grain-pgm-" + UUID.randomUUID()).getPath();
    }

    @AfterEach
    void tearDown() {
        if (child != null) {
            signal("CONT");
            child.close();
        }
        members.close();
    }

    private void startChild() {
        final File logs = new File("target/process-logs");
        logs.mkdirs();
        child = ChildJvm.builder("pg-member-" + CHILD, PgMemberMain.class)
            .classpath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
            .jvmOptions("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .args(String.valueOf(CHILD), url, aeronDir)
            .logFile(new File(logs, "pg-member-" + UUID.randomUUID() + ".log").toPath())
            .readyLine("READY ", Duration.ofSeconds(60))
            .leaveTimeout(Duration.ofSeconds(15))
            .aeronDirectory(new File(aeronDir).toPath())
            .onOutputLine(childLines::add)
            .launch();
        child.awaitReady();
    }

    @Test
    void aKilledProcessIsDeclaredDeadByTheVotesOfTheOthers() {
        members.start(1);
        members.start(2);
        startChild();
        members.awaitAgreement(List.of(1, 2), 1, 2, CHILD);
        final long incarnation = members.record(1, CHILD).incarnation();
        child.kill();
        members.awaitAgreement(List.of(1, 2), 1, 2);
        final MemberRecord dead = members.record(2, CHILD);
        assertEquals(MemberStatus.DEAD, dead.status());
        assertEquals(incarnation, dead.incarnation());
        assertEquals(1, members.providers.get(1).declaredDead() + members.providers.get(2).declaredDead());
        members.exchange(2, 1, "survivors serve");
    }

    @Test
    void aPausedProcessIsDeclaredDeadAndOnResumeRejoinsAsANewIncarnationNeverServingAsTheOldOne() {
        members.start(1);
        members.start(2);
        startChild();
        members.awaitAgreement(List.of(1, 2), 1, 2, CHILD);
        final long old = members.record(1, CHILD).incarnation();
        Await.until(Await.CONVERGE, () -> childLines.contains("SELF " + old + " ALIVE hosting=true"),
            () -> "the child never saw itself hosting: " + childLines);

        // peers must never take the old incarnation back once they have seen it dead
        final AtomicBoolean watching = new AtomicBoolean(true);
        final List<String> violations = new CopyOnWriteArrayList<>();
        final Thread watcher = new Thread(() -> {
            final boolean[] seenDead = new boolean[3];
            while (watching.get()) {
                for (final int viewer : List.of(1, 2)) {
                    final MemberRecord r = members.record(viewer, CHILD);
                    if (r != null && r.incarnation() == old) {
                        if (!r.alive()) {
                            seenDead[viewer] = true;
                        } else if (seenDead[viewer]) {
                            violations.add("member " + viewer + " took " + r + " back after it was declared dead");
                        }
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "view-watcher");
        watcher.start();
        try {
            signal("STOP");
            members.awaitAgreement(List.of(1, 2), 1, 2);
            assertEquals(MemberStatus.DEAD, members.record(1, CHILD).status());
            assertEquals(old, members.record(1, CHILD).incarnation());
            final int linesBeforeResume = childLines.size();
            signal("CONT");

            members.awaitAgreement(List.of(1, 2), 1, 2, CHILD);
            final long rejoined = members.record(1, CHILD).incarnation();
            assertTrue(rejoined > old, "a new incarnation: " + rejoined + " after " + old);
            Await.until(Await.CONVERGE, () -> childLines.contains("SELF " + rejoined + " ALIVE hosting=true"),
                () -> "the child never saw itself hosting as the new incarnation: " + childLines);
            final List<String> afterResume = childLines.subList(linesBeforeResume, childLines.size());
            assertTrue(afterResume.stream().noneMatch(line -> line.equals("SELF " + old + " ALIVE hosting=true")),
                "after the pause the child never hosts as the old incarnation: " + afterResume);
            assertTrue(afterResume.contains("SELF " + old + " DEAD hosting=false"),
                "the child learnt from the table that it was dead: " + afterResume);
            members.exchange(1, 2, "the others served throughout");
        } finally {
            watching.set(false);
        }
        assertTrue(violations.isEmpty(), violations.toString());
    }

    private void signal(final String name) {
        if (child == null || !child.isAlive()) {
            return;
        }
        try {
            final Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot send SIG" + name, ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
