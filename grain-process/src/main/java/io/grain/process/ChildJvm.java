package io.grain.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A child JVM: a main class started with this JVM's {@code java}, its output (standard output and
 * error, merged) copied line by line to a log file or to SLF4J, watched for a ready line, and never
 * left behind. The protocol with the child is small: it prints a line starting with the ready prefix
 * once it serves, and leaves gracefully when its standard input closes.
 * <ul>
 *   <li>{@link Builder#start()} returns once the ready line was printed, or throws (and ends the
 *       child) when it exits or stays silent past the ready timeout; the message carries the child's
 *       last output lines;</li>
 *   <li>{@link #close()} closes the child's standard input (its cue to leave), waits a bounded time for
 *       it to exit, then destroys it forcibly, and deletes its Aeron directory;</li>
 *   <li>{@link #kill()} is SIGKILL for chaos tests: no hooks run in the child;</li>
 *   <li>a JVM shutdown hook closes every child that is still alive when this JVM ends (Ctrl-C included).</li>
 * </ul>
 * <p>Threads: a builder belongs to the thread that fills it. A started child may be used from any
 * thread: {@link #close()}, {@link #kill()} and {@link #closeInput()} are synchronized, because the
 * shutdown hook may close a child its owner is closing too. One daemon thread per child reads its
 * output; the {@linkplain Builder#onOutputLine output listener} runs on that thread.
 */
public final class ChildJvm implements AutoCloseable {
    /** The flag Aeron and Agrona need on Java 17 (they use {@code jdk.internal.misc.Unsafe}); every child gets it. */
    public static final List<String> AGRONA_OPENS = List.of("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
    private static final int TAIL_LINES = 20;
    /** How long to wait for a child to disappear after SIGKILL; the kernel ends it at once, this only bounds a stuck wait. */
    private static final long KILL_WAIT_SECONDS = 30;
    private static final long READER_JOIN_MS = 5_000;
    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Process process;
    private final String prefix;
    private final Duration readyTimeout;
    private final Duration leaveTimeout;
    private final Path aeronDirectory;
    private final Path logFile;
    private final Consumer<String> listener;
    private final Logger output;
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread reader;
    private boolean closed;

    /**
     * A builder for a child that runs {@code mainClass}.
     *
     * @param name names the child in messages, its reader thread and its log lines
     */
    public static Builder builder(final String name, final String mainClass) {
        return new Builder(name, mainClass);
    }

    /** As {@link #builder(String, String)}, with the main class found on this JVM's classpath. */
    public static Builder builder(final String name, final Class<?> mainClass) {
        return new Builder(name, mainClass.getName());
    }

    /**
     * Closes every child still alive: first closes every standard input, so they leave side by side,
     * then waits for each as {@link #close()} does. The shutdown hook calls this; an application that
     * has hooks of its own to run after its children ended may call it from its hook too.
     */
    public static void closeAll() {
        final List<ChildJvm> children = new ArrayList<>(LIVE);
        children.forEach(ChildJvm::closeInput);
        for (final ChildJvm child : children) {
            try {
                child.close();
            } catch (final RuntimeException ex) {
                LOG.warn("could not close {}", child.name, ex);
            }
        }
    }

    private ChildJvm(final Builder builder, final Process process, final Writer log) {
        this.name = builder.name;
        this.process = process;
        this.prefix = builder.readyPrefix;
        this.readyTimeout = builder.readyTimeout;
        this.leaveTimeout = builder.leaveTimeout;
        this.aeronDirectory = builder.aeronDirectory;
        this.logFile = builder.logFile;
        this.listener = builder.listener;
        this.output = LoggerFactory.getLogger(ChildJvm.class.getName() + "." + name);
        this.reader = new Thread(() -> readOutput(log), "child-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        if (prefix == null) {
            ready.complete("");
        }
    }

    private void readOutput(final Writer log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                remember(line);
                if (log != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                } else {
                    output.info("{}", line);
                }
                if (prefix != null && !ready.isDone() && line.startsWith(prefix)) {
                    ready.complete(line.substring(prefix.length()).trim());
                }
                if (listener != null) {
                    listener.accept(line);
                }
            }
        } catch (final IOException ignored) {
            // the stream ends with the process; what it printed is in the log
        } finally {
            closeQuietly(log);
            ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready"));
        }
    }

    private void remember(final String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    /** The child's last output lines (at most 20), oldest first: what a failure message shows. */
    public List<String> lastLines() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /**
     * Waits for the ready line and returns what follows the prefix on it (trimmed), e.g. the endpoint
     * of a member that printed {@code READY 127.0.0.1:40123}. When the child exits first or stays
     * silent past the ready timeout, it is ended (its Aeron directory deleted) and this throws an
     * {@link IllegalStateException} that quotes its last output lines. Returns {@code ""} at once for a
     * child built without a ready prefix.
     */
    public String awaitReady() {
        try {
            return ready.get(readyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (final TimeoutException ex) {
            forceEnd();
            throw failure("printed no line starting with \"" + prefix + "\" within " + readyTimeout, null);
        } catch (final ExecutionException ex) {
            waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            final String how = process.isAlive() ? "closed its output" : "exited with " + process.exitValue();
            forceEnd();
            throw failure(how + " before it was ready", null);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            forceEnd();
            throw failure("was ended: interrupted while waiting for it to be ready", ex);
        }
    }

    /**
     * Waits for the child to exit by itself and returns its exit code, once all its output was read
     * (so the listener has seen every line). A child still running at the timeout is killed and this
     * throws an {@link IllegalStateException} with its last output lines.
     */
    public int awaitExit(final Duration timeout) {
        if (!waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            forceEnd();
            throw failure("did not exit within " + timeout + "; killed", null);
        }
        joinReader();
        return process.exitValue();
    }

    /** Closes the child's standard input: its cue to leave gracefully. Returns at once. */
    public synchronized void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (final IOException ignored) {
            // the child is gone already, which is what closing asks for
        }
    }

    /** SIGKILL: the child ends at once and runs no hooks; then its Aeron directory is deleted. */
    public synchronized void kill() {
        forceEnd();
    }

    /**
     * Ends the child gracefully if it can: closes its standard input, waits up to the leave timeout,
     * then destroys it forcibly; deletes its Aeron directory. Idempotent; safe after {@link #kill()}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                closeInput();
                if (!waitFor(leaveTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} did not leave within {} of its input closing; killing it", name, leaveTimeout);
                }
            }
        } finally {
            forceEnd();
            joinReader();
        }
    }

    private synchronized void forceEnd() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            LIVE.remove(this);
            deleteAeronDirectory();
        }
    }

    private void deleteAeronDirectory() {
        if (aeronDirectory == null || !Files.exists(aeronDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(aeronDirectory)) {
            for (final Path path : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("could not delete the Aeron directory of " + name + ": " + aeronDirectory, ex);
        }
    }

    private boolean waitFor(final long amount, final TimeUnit unit) {
        try {
            return process.waitFor(amount, unit);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void joinReader() {
        try {
            reader.join(READER_JOIN_MS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private IllegalStateException failure(final String what, final Throwable cause) {
        final StringBuilder message = new StringBuilder(name).append(" (pid ").append(process.pid()).append(") ").append(what);
        if (logFile != null) {
            message.append("; log: ").append(logFile);
        }
        final List<String> lines = lastLines();
        message.append(lines.isEmpty() ? "; it printed nothing" : "; its last output lines:");
        for (final String line : lines) {
            message.append(System.lineSeparator()).append("  | ").append(line);
        }
        return new IllegalStateException(message.toString(), cause);
    }

    private static void closeQuietly(final Writer log) {
        if (log != null) {
            try {
                log.close();
            } catch (final IOException ignored) {
                // nothing more will be written
            }
        }
    }

    /** The name given to the builder. */
    public String name() {
        return name;
    }

    /** The operating system's id of the child. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The log file the child's output goes to, or {@code null} when it goes to SLF4J. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + "]";
    }

    /**
     * What to start and how to watch it. Defaults: this JVM's classpath, {@link #AGRONA_OPENS}, output
     * to SLF4J, no ready line, a ready timeout of 60 s and a leave timeout of 10 s, no Aeron directory.
     */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private String classpath = System.getProperty("java.class.path");
        private final List<String> jvmOptions = new ArrayList<>(AGRONA_OPENS);
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path logFile;
        private String readyPrefix;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Duration leaveTimeout = Duration.ofSeconds(10);
        private Path aeronDirectory;
        private Consumer<String> listener;
        private final List<String> launcher = new ArrayList<>();

        private Builder(final String name, final String mainClass) {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** The child's classpath; this JVM's ({@code java.class.path}) unless set. */
        public Builder classpath(final String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /** Adds JVM options (heap, GC, {@code -D} properties), after {@link #AGRONA_OPENS}. */
        public Builder jvmOptions(final List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** Adds JVM options; see {@link #jvmOptions(List)}. */
        public Builder jvmOptions(final String... options) {
            return jvmOptions(List.of(options));
        }

        /** Adds program arguments, passed to the main class in this order. */
        public Builder args(final List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** Adds program arguments; see {@link #args(List)}. */
        public Builder args(final String... arguments) {
            return args(List.of(arguments));
        }

        /**
         * Adds a variable to the child's environment (which otherwise is this JVM's). The place for a
         * secret: unlike an argument, it is not visible in the process list nor written to the log.
         */
        public Builder environment(final String variable, final String value) {
            environment.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Appends the child's output (standard output and error) to this file, after a line with its
         * command; its directory is created. Unset, every line goes to SLF4J at INFO, to the logger
         * {@code io.grain.process.ChildJvm.<name>}.
         */
        public Builder logFile(final Path file) {
            this.logFile = file;
            return this;
        }

        /** The line that says the child serves starts with this; {@code null} (the default) waits for nothing. */
        public Builder readyLine(final String linePrefix, final Duration timeout) {
            this.readyPrefix = linePrefix;
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long {@link ChildJvm#close()} waits for the child to leave before it destroys it. */
        public Builder leaveTimeout(final Duration timeout) {
            this.leaveTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The child's Aeron directory, deleted once it ended (closed, killed, or failed to start). */
        public Builder aeronDirectory(final Path directory) {
            this.aeronDirectory = directory;
            return this;
        }

        /** Called on the reader thread with every output line, after it was logged. */
        public Builder onOutputLine(final Consumer<String> lineListener) {
            this.listener = lineListener;
            return this;
        }

        /**
         * Runs {@code java} through a command that executes its arguments in the process it becomes,
         * e.g. {@code ip netns exec <namespace>} to start the child in a Linux network namespace.
         * The command must exec {@code java} in place (as {@code ip netns exec}, {@code nice} and
         * {@code taskset} do), so that ending or killing the child ends the JVM itself.
         */
        public Builder launcher(final List<String> command) {
            launcher.addAll(command);
            return this;
        }

        /** Starts the child and waits for its ready line; see {@link ChildJvm#awaitReady()}. */
        public ChildJvm start() {
            final ChildJvm child = launch();
            child.awaitReady();
            return child;
        }

        /**
         * Starts the child and returns at once, so that several can start side by side; then call
         * {@link ChildJvm#awaitReady()}.
         */
        public ChildJvm launch() {
            final List<String> command = new ArrayList<>(launcher);
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(args);
            Writer log = null;
            try {
                if (logFile != null) {
                    final Path parent = logFile.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    log.write("# " + String.join(" ", command) + "\n");
                    log.flush();
                }
                final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().putAll(environment);
                final ChildJvm child = new ChildJvm(this, builder.start(), log);
                Reaper.register(child);
                return child;
            } catch (final IOException ex) {
                closeQuietly(log);
                throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), ex);
            }
        }
    }

    /** The shutdown hook, installed with the first child. */
    private static final class Reaper {
        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::closeAll, "child-jvm-reaper"));
        }

        static void register(final ChildJvm child) {
            LIVE.add(child);
        }
    }
}
