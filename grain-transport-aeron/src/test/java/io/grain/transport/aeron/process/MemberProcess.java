package io.grain.transport.aeron.process;

import org.agrona.IoUtil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A member JVM started by a test: launch, wait for READY, SIGKILL, or stop gracefully; never left behind. */
final class MemberProcess implements AutoCloseable {
    private static final String OPENS_DEFAULT = "--add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

    final int id;
    final String aeronDir;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private String endpoint;

    MemberProcess(final int id, final String endpoint, final String seeds, final String aeronDir, final File log) throws IOException {
        this.id = id;
        this.aeronDir = aeronDir;
        final String java = new File(System.getProperty("java.home"), "bin/java").getPath();
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>();
        command.add(java);
        for (final String opt : System.getProperty("grain.jvm.opens", OPENS_DEFAULT).trim().split("\\s+")) {
            command.add(opt);
        }
        command.addAll(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", classpath,
            MemberMain.class.getName(), String.valueOf(id), endpoint, seeds, aeronDir));
        process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log))
            .start();
        final Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    Files.writeString(log.toPath(), "[stdout] " + line + System.lineSeparator(), StandardOpenOption.APPEND);
                }
            } catch (final IOException ignored) {
                // the process is gone
            }
        }, "member-" + id + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for READY and returns the endpoint the member listens on. */
    String awaitReady(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (endpoint == null) {
            final String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("member " + id + " not ready within " + timeout + " (alive: " + process.isAlive() + ")");
            }
            if (line.startsWith("READY ")) {
                endpoint = line.substring("READY ".length()).trim();
            }
        }
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no hooks, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes stdin so the member leaves gracefully; kills it if it does not stop in time; deletes its directory. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try (PrintWriter in = new PrintWriter(process.getOutputStream())) {
                    in.flush();
                }
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            IoUtil.delete(new File(aeronDir), true);
        }
    }
}
