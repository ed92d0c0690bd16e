package io.grain.benchmarks.harness;

import io.grain.benchmarks.load.ResultLine;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One scenario's JVM: started on a given classpath, its stdout scanned for {@code RESULT} and
 * {@code READY} lines (and copied, with stderr, to a log file), and always ended: closing it
 * closes its stdin (servers leave on that), then kills it if it lingers. A shutdown hook kills
 * whatever is still running if the harness itself is stopped.
 */
final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    /** Kills every child still running and waits briefly for each to go (the harness's shutdown hook). */
    static void reapAll() {
        LIVE.forEach(Process::destroyForcibly);
        for (final Process process : LIVE) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Map<String, Double> results = new ConcurrentHashMap<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread reader;

    ChildJvm(final String name, final String classpath, final List<String> jvmArgs, final String mainClass, final List<String> args,
             final Path logDir) throws IOException {
        this.name = name;
        Files.createDirectories(logDir);
        this.log = logDir.resolve(name + ".log");
        final List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LIVE.add(process);
        reader = new Thread(this::readOutput, "bench-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                if (line.startsWith(ResultLine.PREFIX)) {
                    final String[] parts = line.substring(ResultLine.PREFIX.length()).trim().split(" ");
                    results.put(parts[0], Double.parseDouble(parts[1]));
                } else if (line.startsWith(ResultLine.READY)) {
                    ready.complete(line.substring(ResultLine.READY.length()).trim());
                }
            }
        } catch (final IOException ignored) {
            // the process is gone; what it printed is in the log
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready; see " + log));
        }
    }

    /** Waits for the child's READY line. */
    String awaitReady(final long seconds) throws Exception {
        return ready.get(seconds, TimeUnit.SECONDS);
    }

    /** Waits for the child to exit by itself; kills it at the timeout. Returns its figures. */
    Map<String, Double> awaitExit(final long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(2000);
            throw new IllegalStateException(name + " did not finish within " + seconds + " s; killed. See " + log);
        }
        reader.join(5000);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
        return Map.copyOf(results);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.getOutputStream().close();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (final IOException | InterruptedException ex) {
            process.destroyForcibly();
        } finally {
            LIVE.remove(process);
        }
    }
}
