package io.grain.sample;

import io.grain.transport.aeron.ClusterKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The member JVMs of a local arena cluster: started with this JVM's classpath, one log file each,
 * killed with SIGKILL for chaos, restarted at the same endpoint, and always cleaned up: every
 * process ended and every Aeron directory deleted, on a normal end, on Ctrl-C, and after a crash.
 * Not thread safe, except {@link #closeAll()}, which the shutdown hook may call too.
 */
final class MemberProcesses implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long LEAVE_TIMEOUT_SECONDS = 10;
    /** Numbers the instances of one JVM, so two clusters started side by side have directories of their own. */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final List<String> endpoints;
    private final List<String> storageOptions;
    private final String clusterKey;
    private final Path logs;
    private final String dirPrefix;
    private final List<Process> processes = new ArrayList<>();

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

    /** Starts member {@code i} and returns once it listens. */
    void start(final int i) {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ArenaMember.class.getName());
        command.add("--id=" + i);
        command.add("--endpoint=" + endpoints.get(i));
        command.add("--seeds=" + String.join(",", endpoints));
        command.add("--aeron-dir=" + aeronDir(i));
        command.add("--until-stdin-closes");
        command.addAll(storageOptions);
        try {
            Files.createDirectories(logs);
            final Path log = logs.resolve("member-" + i + ".log");
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put(ClusterKey.ENVIRONMENT_VARIABLE, clusterKey);
            final Process process = builder.start();
            processes.set(i, process);
            awaitReady(i, process, log);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not start member " + i, e);
        }
    }

    private void awaitReady(final int i, final Process process, final Path log) {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        ready.complete(null);
                    }
                    file.write(line);
                    file.write('\n');
                    file.flush();
                }
            } catch (final IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("member " + i + " exited before it was ready; see " + log));
        }, "member-" + i + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException("member " + i + " did not start; see " + log, e);
        }
    }

    /** Crashes member {@code i}: SIGKILL, no hooks run; its Aeron directory is left for us to delete. */
    void kill(final int i) {
        final Process process = processes.get(i);
        process.destroyForcibly();
        waitFor(process, LEAVE_TIMEOUT_SECONDS);
        deleteAeronDir(i);
    }

    /** Ends every member, gracefully if it can (closing its stdin), and deletes every Aeron directory. */
    synchronized void closeAll() {
        for (final Process process : processes) {
            if (process != null && process.isAlive()) {
                try {
                    process.getOutputStream().close();
                } catch (final IOException ignored) {
                    // it is going away anyway
                }
            }
        }
        for (final Process process : processes) {
            if (process != null && !waitFor(process, LEAVE_TIMEOUT_SECONDS)) {
                process.destroyForcibly();
                waitFor(process, LEAVE_TIMEOUT_SECONDS);
            }
        }
        for (int i = 0; i < processes.size(); i++) {
            deleteAeronDir(i);
        }
    }

    @Override
    public void close() {
        closeAll();
    }

    private String aeronDir(final int i) {
        return dirPrefix + i;
    }

    private void deleteAeronDir(final int i) {
        final Path dir = Paths.get(aeronDir(i));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    private static boolean waitFor(final Process process, final long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
