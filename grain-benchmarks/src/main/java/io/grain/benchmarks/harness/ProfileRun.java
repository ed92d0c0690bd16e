package io.grain.benchmarks.harness;

import io.grain.benchmarks.load.ResultLine;
import io.grain.benchmarks.scenario.GrainScenario;
import io.grain.benchmarks.scenario.RawAeron;
import io.grain.process.ChildJvm;
import io.grain.runtime.IdleProfile;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idle profiles side by side (issue 11, item 6): for raw Aeron ping-pong once, then for each
 * {@link IdleProfile}, a host member JVM and a client JVM over Aeron UDP on loopback, both with that
 * profile: the CPU both use while idle and at a fixed rate (10k calls/s), and the client's p50/p99
 * against raw Aeron's ping-pong of the same run. Prints a Markdown table (and the raw figures).
 *
 * <pre>{@code
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp <grain-benchmarks classpath> \
 *     io.grain.benchmarks.harness.ProfileRun [idleMs=5000] [latencyMs=5000] [rate=10000] [work=DIR]
 * }</pre>
 */
public final class ProfileRun {
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx1g",
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private final String classpath = System.getProperty("java.class.path");
    private final Map<String, String> options = new TreeMap<>();
    private final Path work;
    private final Map<String, Double> figures = new ConcurrentHashMap<>();
    private final List<Path> dirs = new ArrayList<>();

    private ProfileRun(final String[] args) {
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        work = Paths.get(options.getOrDefault("work", "grain-benchmarks/target/bench-work"));
    }

    public static void main(final String[] args) throws Exception {
        final ProfileRun run = new ProfileRun(args);
        try {
            run.rawAeron();
            for (final IdleProfile profile : IdleProfile.values()) {
                run.profile(profile);
            }
        } finally {
            run.dirs.forEach(dir -> Harness.deleteRecursively(dir));
            ChildJvm.closeAll();
        }
        System.out.println(run.table());
        System.exit(0);
    }

    private String option(final String name, final String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    private void rawAeron() throws IOException {
        final int echoPort = freeUdpPort();
        final int driverPort = freeUdpPort();
        pair("profiles-aeron-raw", RawAeron.class.getName(),
            List.of("echo", "self=127.0.0.1:" + echoPort, "peer=127.0.0.1:" + driverPort, "aeronDir=" + dir("raw-echo")),
            (endpoint, pid) -> List.of("driver", "self=127.0.0.1:" + driverPort, "peer=127.0.0.1:" + echoPort,
                "aeronDir=" + dir("raw-driver"), "warmupMs=1000", "measureMs=1000",
                "latencyMs=" + option("latencyMs", "5000")));
    }

    private void profile(final IdleProfile profile) throws IOException {
        final String name = "profiles-" + profile.name().toLowerCase(Locale.ROOT);
        pair(name, GrainScenario.class.getName(),
            List.of("host", "endpoint=127.0.0.1:" + freeUdpPort(), "aeronDir=" + dir(name + "-host"), "profile=" + profile),
            (endpoint, pid) -> List.of("profile", "seed=" + endpoint, "hostPid=" + pid, "aeronDir=" + dir(name + "-client"),
                "profile=" + profile, "idleMs=" + option("idleMs", "5000"), "latencyMs=" + option("latencyMs", "5000"),
                "warmupMs=2000", "rate=" + option("rate", "10000"), "inflight=1000", "keys=1000"));
    }

    private interface ClientArgs {
        List<String> of(String endpoint, long hostPid);
    }

    private void pair(final String name, final String main, final List<String> serverArgs, final ClientArgs clientArgs)
        throws IOException {
        Files.createDirectories(work.resolve("logs"));
        System.out.println("scenario " + name + " started");
        try (ChildJvm server = child(name + "-server", main, serverArgs).readyLine(ResultLine.READY, Duration.ofSeconds(90)).start()) {
            final String endpoint = server.awaitReady();
            try (ChildJvm client = child(name + "-client", main, clientArgs.of(endpoint, server.pid())).launch()) {
                final int exit = client.awaitExit(Duration.ofSeconds(180));
                if (exit != 0) {
                    throw new IllegalStateException(name + " client exited with " + exit + "; see " + client.logFile());
                }
            }
        }
        System.out.println("scenario " + name + " ended");
    }

    private ChildJvm.Builder child(final String name, final String main, final List<String> args) {
        return ChildJvm.builder(name, main).classpath(classpath).jvmOptions(JVM).args(args)
            .logFile(work.resolve("logs").resolve(name + ".log")).leaveTimeout(Duration.ofSeconds(15))
            .onOutputLine(line -> {
                if (line.startsWith(ResultLine.PREFIX)) {
                    final String[] parts = line.substring(ResultLine.PREFIX.length()).trim().split(" ");
                    figures.put(parts[0], Double.parseDouble(parts[1]));
                }
            });
    }

    private Path dir(final String name) {
        final Path parent = Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm") : Paths.get(System.getProperty("java.io.tmpdir"));
        final Path dir = parent.resolve("grain-bench-" + ProcessHandle.current().pid() + "-" + name);
        dirs.add(dir);
        return dir;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String table() {
        final StringBuilder out = new StringBuilder();
        final long rate = Long.parseLong(option("rate", "10000"));
        final double rawP50 = figures.getOrDefault("aeron.pingpong.p50_us", Double.NaN);
        final double rawP99 = figures.getOrDefault("aeron.pingpong.p99_us", Double.NaN);
        out.append(String.format(Locale.ROOT, "raw Aeron ping-pong: p50 %.1f us, p99 %.1f us%n%n", rawP50, rawP99));
        out.append("| profile | idle CPU host + client (% of a core) | CPU at ").append(rate / 1000).append("k/s host + client")
            .append(" | calls/s | p50 (us) | p50 / raw | p99 (us) | p99 / raw | errors + timeouts |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (final IdleProfile p : IdleProfile.values()) {
            final String k = "grain.profile." + p.name();
            final String fixed = k + ".fixed" + rate;
            out.append(String.format(Locale.ROOT, "| %s | %.1f + %.1f | %.1f + %.1f | %.0f | %.0f | %.1fx | %.0f | %.1fx | %.0f |%n",
                p.name(), figures.getOrDefault(k + ".idle.hostCpuPct", Double.NaN),
                figures.getOrDefault(k + ".idle.clientCpuPct", Double.NaN),
                figures.getOrDefault(k + ".load.hostCpuPct", Double.NaN), figures.getOrDefault(k + ".load.clientCpuPct", Double.NaN),
                figures.getOrDefault(fixed + ".rate", Double.NaN),
                figures.getOrDefault(fixed + ".p50_us", Double.NaN), figures.getOrDefault(fixed + ".p50_us", Double.NaN) / rawP50,
                figures.getOrDefault(fixed + ".p99_us", Double.NaN), figures.getOrDefault(fixed + ".p99_us", Double.NaN) / rawP99,
                figures.getOrDefault(fixed + ".errors", Double.NaN) + figures.getOrDefault(fixed + ".timeouts", Double.NaN)));
        }
        out.append("\nall figures:\n");
        new TreeMap<>(figures).forEach((name, value) -> out.append(String.format(Locale.ROOT, "  %s %.3f%n", name, value)));
        return out.toString();
    }
}
