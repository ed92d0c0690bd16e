package io.grain.benchmarks.harness;

import io.grain.benchmarks.load.ResultLine;
import io.grain.benchmarks.scenario.CodecScenario;
import io.grain.benchmarks.scenario.ClusterServicesScenario;
import io.grain.benchmarks.scenario.GatewayScenario;
import io.grain.benchmarks.scenario.GrainScenario;
import io.grain.benchmarks.scenario.RawAeron;
import io.grain.benchmarks.scenario.StorageScenario;
import io.grain.process.ChildJvm;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The benchmark harness: runs every scenario in JVMs of its own (Grain, raw Aeron and Pekko on
 * separate classpaths), prints a table of figures and ratios, and writes {@code RESULTS.md} and
 * a chart.
 * <pre>
 *   Harness [--smoke | --quick | --full | --storage | --gateway] [--out DIR] [--work DIR] [--no-pekko]
 * </pre>
 * {@code --gateway} runs only the gateway scenarios and replaces only their section, the same way.
 * {@code --storage} runs only the storage scenarios and replaces only their section of an
 * existing {@code RESULTS.md} (the chart stays); a run without them keeps that section as it was.
 * {@code --out} defaults to {@code docs/benchmarks} of the repository the harness runs in. A
 * benchmark main: its table goes to stdout.
 */
public final class Harness {
    /** The same for every child JVM: 2 cores would otherwise give CompletableFuture's async steps a thread per task. */
    private static final List<String> COMMON_JVM = List.of("-Xms256m", "-Xmx1g",
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    /** Bytes of the argument of each call in the large-message scenario. */
    static final int LARGE_PAYLOAD = 1024 * 1024;
    /** Pekko's Agrona 1.22 also reaches into sun.nio.ch (its TransportPoller), which Grain's Agrona no longer does. */
    private static final List<String> PEKKO_JVM = List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");

    private final Settings settings;
    private final Path work;
    private final String grainClasspath;
    private final String pekkoClasspath;
    private final String pekkoMissing;
    private final String runId = "grain-bench-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, Double> figures = new TreeMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, Double> scenarioSeconds = new LinkedHashMap<>();
    private final Map<String, List<String>> profiles = new LinkedHashMap<>();
    /** Read by the shutdown hook too. */
    private final List<Path> aeronDirs = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Takes a line as each scenario starts and ends, so a run of minutes is not silent. */
    private final Consumer<String> progress;

    Harness(final Settings settings, final Path work, final boolean pekko) throws IOException {
        // progress is this command's output, like the table: standard output on purpose
        this(settings, work, pekko, System.out::println);
    }

    Harness(final Settings settings, final Path work, final boolean pekko, final Consumer<String> progress) throws IOException {
        this.settings = settings;
        this.progress = progress;
        this.work = work;
        Files.createDirectories(work);
        // under surefire java.class.path is a manifest-only booter jar; the real one is here
        this.grainClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String cp = null;
        String missing = pekko ? null : "skipped (--no-pekko)";
        if (pekko) {
            final String module = Arrays.stream(grainClasspath.split(File.pathSeparator))
                .filter(e -> e.contains("grain-benchmarks-pekko")).findFirst().orElse(null);
            final Path file = module == null ? null : pekkoClasspathFile(Paths.get(module));
            if (file == null || !Files.exists(file)) {
                missing = "skipped: grain-benchmarks-pekko's target/pekko.classpath not found (build the module first)";
            } else {
                cp = module + File.pathSeparator + Files.readString(file).trim();
            }
        }
        this.pekkoClasspath = cp;
        this.pekkoMissing = missing;
        // Ctrl-C or a kill of the harness: children first (they hold the directories), then their Aeron directories
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ChildJvm.closeAll();
            aeronDirs.forEach(Harness::deleteRecursively);
        }, "bench-reaper"));
    }

    /** The module's target/pekko.classpath: beside its target/classes, or (installed jar) in the module next to the working directory. */
    private static Path pekkoClasspathFile(final Path entry) {
        for (Path dir = entry.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("target/pekko.classpath"))) {
                return dir.resolve("target/pekko.classpath");
            }
        }
        // installed jar in a local repository: fall back to the module next to the working directory
        for (final Path candidate : List.of(Paths.get("grain-benchmarks-pekko"), Paths.get("../grain-benchmarks-pekko"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.resolve("target/pekko.classpath");
            }
        }
        return null;
    }

    public static void main(final String[] args) throws Exception {
        Settings settings = Settings.quick();
        Path out = null;
        Path work = Paths.get("target", "bench-work");
        boolean pekko = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> settings = Settings.smoke();
                case "--quick" -> settings = Settings.quick();
                case "--full" -> settings = Settings.full();
                case "--storage" -> settings = Settings.storageOnly();
                case "--gateway" -> settings = Settings.gatewayOnly();
                case "--out" -> out = Paths.get(args[++i]);
                case "--work" -> work = Paths.get(args[++i]);
                case "--no-pekko" -> pekko = false;
                default -> {
                    System.err.println("usage: Harness [--smoke|--quick|--full|--storage|--gateway] [--out DIR] [--work DIR] [--no-pekko]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = defaultOut();
        }
        final Harness harness = new Harness(settings, work, pekko);
        final Report report = harness.run();
        // the table is this command's output, not a log line: it goes to standard output on purpose
        System.out.println(report.table());
        report.write(out);
        System.out.println("wrote " + out.resolve(Report.RESULTS) + (settings.messaging() ? " and " + out.resolve(Report.CHART) : ""));
        System.exit(harness.failures.isEmpty() ? 0 : 1);
    }

    private static Path defaultOut() {
        for (final Path root : List.of(Paths.get("."), Paths.get(".."))) {
            if (Files.isDirectory(root.resolve("docs")) && Files.isDirectory(root.resolve("grain-benchmarks"))) {
                return root.resolve("docs/benchmarks").normalize();
            }
        }
        return Paths.get("bench-results");
    }

    /** Runs every scenario; a failed scenario is recorded and the run goes on. */
    Report run() {
        final Instant started = Instant.now();
        final String loadBefore = Machine.loadAverage();
        try {
            if (settings.messaging()) {
                codec();
                grainLocal(false);
                grainLocal(true);
                pekkoLocal();
                grainToGrain(true);
                grainToGrain(false);
                rawAeron();
                grainRemote(false);
                grainRemote(true);
                grainRemoteLarge();
                pekkoRemote("tcp");
                pekkoRemote("aeron-udp");
                scale(false);
                scale(true);
                topicFanOut();
                reminderTicks();
            }
            if (settings.gateway() != null) {
                // the anchor first: the gateway gets no JIT or page-cache advantage from going first
                gateway(false);
                gateway(true);
            }
            if (settings.storage() != null) {
                for (final String db : List.of("sqlite", "postgres")) {
                    storageWrites(db);
                    storedActivations(db);
                }
            }
        } finally {
            aeronDirs.forEach(Harness::deleteRecursively);
            // the storage scenarios' SQLite files (PostgreSQL's data went with its server)
            deleteRecursively(work.resolve("db"));
        }
        return new Report(settings, figures, failures, scenarioSeconds, profiles, started,
            Duration.between(started, Instant.now()), loadBefore, Machine.loadAverage());
    }

    Map<String, String> failures() {
        return failures;
    }

    Map<String, Double> figures() {
        return figures;
    }

    private void codec() {
        single("codec", grainClasspath, List.of(), CodecScenario.class.getName(), List.of(
            "warmups=" + settings.codecWarmups(), "iterations=" + settings.codecIterations(),
            "iterationMs=" + settings.codecIterationMs(), "forks=" + settings.codecForks()));
    }

    /** direct: the variant whose outside callers' futures complete on the shard thread (callbackExecutor(Runnable::run)). */
    private void grainLocal(final boolean direct) {
        final String name = direct ? "grain-local-direct-callbacks" : "grain-local";
        single(name, grainClasspath, jfr(name), GrainScenario.class.getName(),
            concat(List.of("local", "callbacks=" + (direct ? "direct" : "pool")), load()));
    }

    private void pekkoLocal() {
        if (pekkoClasspath == null) {
            failures.put("pekko-local", pekkoMissing);
            return;
        }
        single("pekko-local", pekkoClasspath, PEKKO_JVM, "io.grain.benchmarks.pekko.PekkoMain", concat(List.of("local"), load()));
    }

    private void grainToGrain(final boolean same) {
        final String name = same ? "grain-g2g-same-shard" : "grain-g2g-cross-shard";
        single(name, grainClasspath, jfr(name), GrainScenario.class.getName(), List.of("g2g", "same=" + same,
            "keys=" + settings.keys(), "inflight=" + settings.inFlight(), "calls=" + settings.grainToGrainCalls()));
    }

    /** direct: the variant with futures completed on the shard reports its activation rate only. */
    private void scale(final boolean direct) {
        single(direct ? "grain-scale-direct-callbacks" : "grain-scale", grainClasspath, List.of("-Xmx4g", "-XX:+UseParallelGC"),
            GrainScenario.class.getName(), List.of("scale", "count=" + settings.scaleCount(), "inflight=" + settings.inFlight(),
                "callbacks=" + (direct ? "direct" : "pool")));
    }

    /** Topic fan-out to 1000 subscribers over 2 members (docs/TOPICS.md), against plain one-way calls of the same run. */
    private void topicFanOut() {
        final boolean smoke = "smoke".equals(settings.mode());
        single("topic-fanout", grainClasspath, jfr("topic-fanout"), ClusterServicesScenario.class.getName(), List.of("topics",
            "subscribers=" + (smoke ? 50 : 1000), "inflight=" + (smoke ? 200 : 2_000), "batch=" + (smoke ? 20 : 100),
            "warmupMs=" + Math.min(settings.warmupMs(), 3000), "measureMs=" + settings.measureMs()));
    }

    /** Reminder ticks one member runs per second with 100k registered, against plain calls to the same grains. */
    private void reminderTicks() {
        final boolean smoke = "smoke".equals(settings.mode());
        single("reminder-ticks", grainClasspath, jfr("reminder-ticks"), ClusterServicesScenario.class.getName(), List.of("reminders",
            "reminders=" + (smoke ? 1000 : 100_000), "periodMs=1000", "inflight=" + settings.inFlight(),
            "warmupMs=" + Math.min(settings.warmupMs(), 3000), "measureMs=" + settings.measureMs()));
    }

    /** State writes of 1000 grains on one in-JVM member against plain JDBC upserts, same database kind, same JVM. */
    private void storageWrites(final String db) {
        final Settings.StorageSettings s = settings.storage();
        final String name = "storage-writes-" + db;
        single(name, grainClasspath, jfr(name), StorageScenario.class.getName(), List.of("writes", "db=" + db,
            "dir=" + work.resolve("db").resolve(name).toAbsolutePath(), "grains=" + s.grains(), "inflight=" + s.inFlight(),
            "warmupMs=" + s.warmupMs(), "measureMs=" + s.measureMs(), "fixedRate=" + s.fixedRate(), "anchorThreads=" + s.anchorThreads(),
            "anchorWarmupMs=" + s.anchorWarmupMs(), "anchorMs=" + s.anchorMs()));
    }

    /** Activations that load a stored state against activations without state, same member. */
    private void storedActivations(final String db) {
        final Settings.StorageSettings s = settings.storage();
        final String name = "stored-activations-" + db;
        single(name, grainClasspath, jfr(name), StorageScenario.class.getName(), List.of("activations", "db=" + db,
            "dir=" + work.resolve("db").resolve(name).toAbsolutePath(), "stored=" + s.stored(), "warm=" + s.warmActivations(),
            "inflight=" + s.inFlight()));
    }

    /**
     * WebSocket connections to one gateway on a member ({@code gateway}) or to the plain Netty echo
     * server (the anchor): a serving JVM and a load JVM; the server's heap per connection reaches
     * the load JVM through a file, so the server's GC never runs under load.
     */
    private void gateway(final boolean gateway) {
        final Settings.GatewaySettings g = settings.gateway();
        final String name = gateway ? "gateway-ws" : "gateway-echo-anchor";
        final Path memoryFile = work.resolve(name + ".memory").toAbsolutePath();
        deleteRecursively(memoryFile);
        pair(name, g.timeoutSeconds(), grainClasspath, jfr(name + "-server"), GatewayScenario.class.getName(),
            List.of(gateway ? "gateway-server" : "echo-server", "connections=" + g.connections(), "memoryFile=" + memoryFile),
            List.of(), endpoint -> List.of("drive", "target=" + (gateway ? "gateway" : "echo"), "endpoint=" + endpoint,
                "connections=" + g.connections(), "inflight=" + g.inFlight(), "burst=" + g.burst(), "memoryFile=" + memoryFile,
                "warmupMs=" + g.warmupMs(), "measureMs=" + g.measureMs()));
    }

    private void rawAeron() {
        final int echoPort = freeUdpPort();
        final int driverPort = freeUdpPort();
        final Path echoDir = aeronDir("raw-echo");
        final Path driverDir = aeronDir("raw-driver");
        pair("aeron-raw", grainClasspath, List.of(), RawAeron.class.getName(),
            List.of("echo", "self=127.0.0.1:" + echoPort, "peer=127.0.0.1:" + driverPort, "aeronDir=" + echoDir),
            List.of(), ready -> List.of("driver", "self=127.0.0.1:" + driverPort, "peer=127.0.0.1:" + echoPort, "aeronDir=" + driverDir,
                "warmupMs=" + settings.warmupMs(), "measureMs=" + settings.measureMs(), "latencyMs=" + settings.latencyMs()));
    }

    private void grainRemote(final boolean direct) {
        final String name = direct ? "grain-remote-direct-callbacks" : "grain-remote";
        final Path hostDir = aeronDir(name + "-host");
        final Path driverDir = aeronDir(name + "-driver");
        pair(name, grainClasspath, jfr(name + "-server"), GrainScenario.class.getName(),
            List.of("host", "endpoint=127.0.0.1:" + freeUdpPort(), "aeronDir=" + hostDir),
            jfr(name + "-driver"), seed -> concat(List.of("driver", "seed=" + seed, "aeronDir=" + driverDir,
                "callbacks=" + (direct ? "direct" : "pool")), load()));
    }

    /** Calls carrying a 1 MiB argument, client JVM to host JVM over Aeron: chunked large messages. */
    private void grainRemoteLarge() {
        final String name = "grain-remote-1mib";
        final Path hostDir = aeronDir(name + "-host");
        final Path driverDir = aeronDir(name + "-driver");
        pair(name, grainClasspath, List.of(), GrainScenario.class.getName(),
            List.of("host", "endpoint=127.0.0.1:" + freeUdpPort(), "aeronDir=" + hostDir),
            List.of(), seed -> List.of("driver", "seed=" + seed, "aeronDir=" + driverDir, "payload=" + LARGE_PAYLOAD,
                "inflight=4", "warmupMs=" + settings.warmupMs(), "measureMs=" + settings.measureMs()));
    }

    private void pekkoRemote(final String transport) {
        final String name = "pekko-remote-" + transport;
        if (pekkoClasspath == null) {
            failures.put(name, pekkoMissing);
            return;
        }
        final boolean udp = "aeron-udp".equals(transport);
        final int hostPort = udp ? freeUdpPort() : freeTcpPort();
        final int driverPort = udp ? freeUdpPort() : freeTcpPort();
        final Path hostDir = aeronDir("pekko-host");
        final Path driverDir = aeronDir("pekko-driver");
        pair(name, pekkoClasspath, PEKKO_JVM, "io.grain.benchmarks.pekko.PekkoMain",
            List.of("host", "transport=" + transport, "port=" + hostPort, "aeronDir=" + hostDir),
            PEKKO_JVM, seed -> concat(List.of("driver", "transport=" + transport, "port=" + driverPort, "seed=" + seed,
                "aeronDir=" + driverDir), load()));
    }

    /** The load every request/response scenario gets, on every side. */
    private List<String> load() {
        return List.of("inflight=" + settings.inFlight(), "keys=" + settings.keys(), "warmupMs=" + settings.warmupMs(),
            "measureMs=" + settings.measureMs(), "latencyMs=" + settings.latencyMs(), "rates=" + settings.rates(), "timeoutMs=5000");
    }

    private List<String> jfr(final String name) {
        if (!settings.jfr()) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=filename=" + work.resolve(name + ".jfr").toAbsolutePath() + ",settings=profile");
    }

    private void single(final String name, final String classpath, final List<String> jvm, final String main, final List<String> args) {
        final long start = started(name);
        final Map<String, Double> results = new ConcurrentHashMap<>();
        try (ChildJvm child = child(name, classpath, jvm, main, args, results).launch()) {
            figures.putAll(awaitResults(child, results));
        } catch (final RuntimeException ex) {
            failures.put(name, firstLine(ex));
        } finally {
            ended(name, start);
            profile(name, jvm);
        }
    }

    /** A serving JVM (READY, then serves until its stdin closes) and a driving JVM that reports. */
    private void pair(final String name, final String classpath, final List<String> serverJvm, final String main,
                      final List<String> serverArgs, final List<String> driverJvm, final Function<String, List<String>> driverArgs) {
        pair(name, settings.scenarioTimeoutSeconds(), classpath, serverJvm, main, serverArgs, driverJvm, driverArgs);
    }

    private void pair(final String name, final long timeoutSeconds, final String classpath, final List<String> serverJvm, final String main,
                      final List<String> serverArgs, final List<String> driverJvm, final Function<String, List<String>> driverArgs) {
        final long start = started(name);
        final Map<String, Double> results = new ConcurrentHashMap<>();
        // a server's own RESULT lines, if any, are not the scenario's figures
        try (ChildJvm server = child(name + "-server", classpath, serverJvm, main, serverArgs, new ConcurrentHashMap<>())
            .readyLine(ResultLine.READY, Duration.ofSeconds(90)).start()) {
            final String endpoint = server.awaitReady();
            try (ChildJvm driver = child(name + "-driver", classpath, driverJvm, main, driverArgs.apply(endpoint), results).launch()) {
                figures.putAll(awaitResults(driver, results, timeoutSeconds));
            }
        } catch (final RuntimeException ex) {
            failures.put(name, firstLine(ex));
        } finally {
            ended(name, start);
            profile(name + "-server", serverJvm);
            profile(name + "-driver", driverJvm);
        }
    }

    private long started(final String name) {
        progress.accept("scenario " + name + " started");
        return System.nanoTime();
    }

    private void ended(final String name, final long start) {
        final double seconds = (System.nanoTime() - start) / 1e9;
        scenarioSeconds.put(name, seconds);
        final String failure = failures.get(name);
        progress.accept(String.format(Locale.ROOT, "scenario %s ended after %.1f s: %s", name, seconds,
            failure == null ? "ok" : "FAILED " + failure));
    }

    private void profile(final String name, final List<String> jvm) {
        for (final String arg : jvm) {
            if (arg.startsWith("-XX:StartFlightRecording=filename=")) {
                final Path file = Paths.get(arg.substring("-XX:StartFlightRecording=filename=".length(), arg.indexOf(",settings")));
                final List<String> top = JfrSummary.topFrames(file, 10);
                if (!top.isEmpty()) {
                    profiles.put(name, top);
                }
            }
        }
    }

    private Path aeronDir(final String name) {
        final Path parent = Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm") : Paths.get(System.getProperty("java.io.tmpdir"));
        final Path dir = parent.resolve(runId + "-" + name);
        aeronDirs.add(dir);
        return dir;
    }

    static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException ignored) {
            // best effort; a leftover is reported by the smoke test
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException ex) {
            throw new IllegalStateException("no free UDP port", ex);
        }
    }

    private static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException ex) {
            throw new IllegalStateException("no free TCP port", ex);
        }
    }

    /**
     * A scenario's JVM: its output (with its {@code RESULT} lines) in logs/{@code name}.log, its
     * figures collected into {@code results}; it leaves when its standard input closes.
     */
    private ChildJvm.Builder child(final String name, final String classpath, final List<String> jvm, final String main,
                                   final List<String> args, final Map<String, Double> results) {
        return ChildJvm.builder(name, main)
            .classpath(classpath)
            .jvmOptions(concat(COMMON_JVM, jvm))
            .args(args)
            .logFile(work.resolve("logs").resolve(name + ".log"))
            .leaveTimeout(Duration.ofSeconds(15))
            .onOutputLine(line -> {
                if (line.startsWith(ResultLine.PREFIX)) {
                    final String[] parts = line.substring(ResultLine.PREFIX.length()).trim().split(" ");
                    results.put(parts[0], Double.parseDouble(parts[1]));
                }
            });
    }

    /** Waits for a driving JVM to finish (killed at the scenario timeout) and returns the figures it reported. */
    private Map<String, Double> awaitResults(final ChildJvm child, final Map<String, Double> results) {
        return awaitResults(child, results, settings.scenarioTimeoutSeconds());
    }

    private Map<String, Double> awaitResults(final ChildJvm child, final Map<String, Double> results, final long timeoutSeconds) {
        final int exit = child.awaitExit(Duration.ofSeconds(timeoutSeconds));
        if (exit != 0) {
            throw new IllegalStateException(child.name() + " exited with " + exit + "; see " + child.logFile());
        }
        return Map.copyOf(results);
    }

    /** The report shows one line per failure; the child's last lines are in its log. */
    private static String firstLine(final RuntimeException ex) {
        final String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        final int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static List<String> concat(final List<String> a, final List<String> b) {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Where the aeron directories of this run live (for the smoke test's leftover check). */
    String runId() {
        return runId;
    }
}
