package io.grain.sample;

import io.grain.process.ChildJvm;
import io.grain.transport.aeron.ClusterKey;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The member JVMs of a local arena cluster, each a {@link ChildJvm}: started with this JVM's
 * classpath, one log file each, killed with SIGKILL for chaos, restarted at the same endpoint, and
 * always cleaned up: every process ended and every Aeron directory deleted, on a normal end, on
 * Ctrl-C, and after a crash. Not thread safe, except {@link #closeAll()}, which the shutdown hook may
 * call too.
 */
final class MemberProcesses implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);
    /** Numbers the instances of one JVM, so two clusters started side by side have directories of their own. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final List<String> endpoints;
    private final List<String> storageOptions;
    private final String clusterKey;
    private final Path logs;
    private final String dirPrefix;
    private final List<ChildJvm> processes = new ArrayList<>();

    /**
     * @param clusterKey     the run's cluster key, handed to every member in its environment
     *                       ({@value ClusterKey#ENVIRONMENT_VARIABLE}), never on its command line
     * @param storageOptions where every member keeps the game's data: {@link ArenaMember}'s
     *                       {@code --storage=<file>} or {@code --postgres=<url>} options (a password
     *                       travels in the environment, which members inherit)
     */
    MemberProcesses(final List<String> endpoints, final Path logs, final String clusterKey, final List<String> storageOptions) {
        this.clusterKey = clusterKey;
        this.storageOptions = List.copyOf(storageOptions);
        this.endpoints = List.copyOf(endpoints);
        this.logs = logs;
        this.dirPrefix = "/dev/shm/grain-arena-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + "-member-";
        for (int i = 0; i < endpoints.size(); i++) {
            processes.add(null);
        }
    }

    /** Starts member {@code i} and returns once it listens; a member that does not start fails with its last output lines. */
    void start(final int i) {
        final List<String> args = new ArrayList<>(List.of(
            "--id=" + i,
            "--endpoint=" + endpoints.get(i),
            "--seeds=" + String.join(",", endpoints),
            "--aeron-dir=" + aeronDir(i),
            "--until-stdin-closes"));
        args.addAll(storageOptions);
        final ChildJvm member = ChildJvm.builder("member-" + i, ArenaMember.class)
            .jvmOptions("-Xmx512m")
            .args(args)
            .environment(ClusterKey.ENVIRONMENT_VARIABLE, clusterKey)
            .logFile(logs.resolve("member-" + i + ".log"))
            .readyLine("READY", READY_TIMEOUT)
            .leaveTimeout(LEAVE_TIMEOUT)
            .aeronDirectory(Paths.get(aeronDir(i)))
            .launch();
        processes.set(i, member);
        member.awaitReady();
    }

    /** Crashes member {@code i}: SIGKILL, no hooks run; its Aeron directory is left for us to delete, and we do. */
    void kill(final int i) {
        processes.get(i).kill();
    }

    /** Ends every member, gracefully if it can (closing its stdin), and deletes every Aeron directory. */
    synchronized void closeAll() {
        // all inputs first, so the members leave side by side rather than one leave timeout after another
        for (final ChildJvm member : processes) {
            if (member != null) {
                member.closeInput();
            }
        }
        for (final ChildJvm member : processes) {
            if (member != null) {
                member.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll();
    }

    private String aeronDir(final int i) {
        return dirPrefix + i;
    }
}
