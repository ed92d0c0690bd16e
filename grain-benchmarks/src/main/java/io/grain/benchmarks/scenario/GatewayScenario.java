package io.grain.benchmarks.scenario;

import io.grain.benchmarks.grains.GatewayPlayer;
import io.grain.benchmarks.grains.GatewayPlayerGrain;
import io.grain.benchmarks.grains.Ticks;
import io.grain.benchmarks.load.ResultLine;
import io.grain.gateway.GatewayServer;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.Principal;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainMember;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The gateway scenarios: a server JVM and a load JVM per side, the harness pairs them.
 * <pre>
 *   echo-server     connections=N memoryFile=F   a plain Netty WebSocket echo server (the anchor)
 *   gateway-server  connections=N memoryFile=F   a GrainMember (in-JVM network) with a GatewayServer on it
 *   drive           target=echo|gateway endpoint=host:port connections=N inflight=K burst=B memoryFile=F
 *                   warmupMs=.. measureMs=..
 * </pre>
 * A server prints {@code READY host:port} once it listens, having measured its heap after GC;
 * when {@code connections} clients are connected (gateway: authenticated) it measures again and
 * writes the heap per connection to {@code memoryFile}. The load JVM opens the connections
 * (timing them), waits for that file (so no GC of the server runs during the load), reports its
 * figures, then runs calls ({@code inflight} per connection, every connection) and, on the
 * gateway, pushes (each connection asks its grain for bursts of {@code burst} pushes, one burst
 * at a time). Figures are {@code gateway.*} and {@code wsecho.*} {@link ResultLine}s.
 */
public final class GatewayScenario {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayScenario.class);
    private static final String ECHO_PATH = "/echo";
    private static final long CONNECT_TIMEOUT_MS = 300_000;
    private static final long MEMORY_TIMEOUT_MS = 120_000;
    private static final long DRAIN_MS = 10_000;

    private GatewayScenario() {
    }

    public static void main(final String[] args) throws Exception {
        final Options o = new Options(args, 1);
        try {
            switch (args[0]) {
                case "echo-server" -> echoServer(o);
                case "gateway-server" -> gatewayServer(o);
                case "drive" -> drive(o);
                default -> throw new IllegalArgumentException("unknown gateway scenario " + args[0]);
            }
        } catch (final Throwable ex) {
            // a failed scenario must end its JVM (Netty's and the member's threads would keep it), so the harness sees it at once
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** I/O threads of either server: the same for both sides. */
    private static int serverThreads(final Options o) {
        return o.integer("threads", Runtime.getRuntime().availableProcessors());
    }

    private static void echoServer(final Options o) throws Exception {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (WebSocketEchoServer server = new WebSocketEchoServer(new InetSocketAddress("127.0.0.1", 0), serverThreads(o))) {
            serve(o, memory, server::connections, "127.0.0.1:" + server.address().getPort());
        }
    }

    private static void gatewayServer(final Options o) throws Exception {
        final int connections = o.integer("connections", 10_000);
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (GrainMember member = Pushes.register(GrainMember.builder().register(GatewayPlayer.class, GatewayPlayerGrain::new)).start();
             GatewayServer gateway = GatewayServer.builder()
                 .member(member)
                 .expose(GatewayPlayer.class)
                 .observer(Ticks.class)
                 // the token is the player id: the benchmark measures the gateway, not a signature check
                 .authenticator(token -> CompletableFuture.completedFuture(new Principal(token)))
                 .authorizer(Authorizers.ownGrainsOnly(java.util.Set.of("gw_player")))
                 .limits(GatewayLimits.builder()
                     .maxConnections(connections + 100)
                     // the per-connection frame rate limit would cap a few connections' calls: the run measures capacity
                     .frameRate(1_000_000, 1_000_000)
                     .build())
                 .webSocket(new InetSocketAddress("127.0.0.1", 0))
                 .threads(serverThreads(o))
                 .start()) {
            serve(o, memory, () -> gateway.sessions().size(), "127.0.0.1:" + gateway.webSocketAddress().getPort());
            // in the scenario's log: what the gateway counted (refused connections, dropped pushes, ...)
            LOG.warn("gateway counters at the end: {}; push counters: {}", gateway.counters(), Pushes.counters(member));
        }
    }

    /** READY, then the heap per connection once {@code connections} are open, then serve until stdin closes. */
    private static void serve(final Options o, final MemoryMXBean memory, final IntSupplier open, final String endpoint)
        throws Exception {
        final int connections = o.integer("connections", 10_000);
        final Path memoryFile = Paths.get(o.require("memoryFile"));
        final long before = usedAfterGc(memory);
        final Thread measure = new Thread(() -> {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS + MEMORY_TIMEOUT_MS);
            try {
                while (open.getAsInt() < connections && System.nanoTime() < deadline) {
                    // polling with a bound: the connections arrive on the I/O threads
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                final int counted = open.getAsInt();
                final long after = usedAfterGc(memory);
                final Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("heapBefore", (double)before);
                figures.put("heapAfter", (double)after);
                figures.put("connectionsMeasured", (double)counted);
                figures.put("heapPerConnection", counted == 0 ? Double.NaN : (after - before) / (double)counted);
                final StringBuilder text = new StringBuilder();
                figures.forEach((k, v) -> text.append(k).append(' ').append(String.format(Locale.ROOT, "%.3f", v)).append('\n'));
                final Path tmp = memoryFile.resolveSibling(memoryFile.getFileName() + ".tmp");
                Files.createDirectories(memoryFile.toAbsolutePath().getParent());
                Files.writeString(tmp, text);
                Files.move(tmp, memoryFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (final Exception ex) {
                ex.printStackTrace();
            }
        }, "heap-per-connection");
        measure.setDaemon(true);
        measure.start();
        ResultLine.ready(endpoint);
        ResultLine.awaitStdinClosed();
    }

    private static long usedAfterGc(final MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        // several rounds: a single System.gc() may leave floating garbage behind
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void drive(final Options o) throws Exception {
        final boolean gateway = "gateway".equals(o.require("target"));
        final String prefix = gateway ? "gateway" : "wsecho";
        final String[] endpoint = o.require("endpoint").split(":");
        final InetSocketAddress address = new InetSocketAddress(endpoint[0], Integer.parseInt(endpoint[1]));
        final int connections = o.integer("connections", 10_000);
        final long warmupMs = Long.parseLong(o.get("warmupMs", "3000"));
        final long measureMs = Long.parseLong(o.get("measureMs", "3000"));
        final Path memoryFile = Paths.get(o.require("memoryFile"));
        try (WebSocketLoadClient client = new WebSocketLoadClient(gateway ? WebSocketLoadClient.Target.GATEWAY : WebSocketLoadClient.Target.ECHO,
            address, gateway ? GatewayServer.DEFAULT_WEBSOCKET_PATH + "?format=protobuf" : ECHO_PATH, o.integer("threads", 2),
            o.integer("inflight", 1), o.integer("burst", 8))) {
            final long start = System.nanoTime();
            final int ready = client.connect(connections, CONNECT_TIMEOUT_MS);
            final double setupSeconds = (System.nanoTime() - start) / 1e9;
            ResultLine.print(prefix + ".connections", ready);
            ResultLine.print(prefix + ".connectFailures", connections - ready);
            ResultLine.print(prefix + ".connectRate", ready / setupSeconds);
            ResultLine.print(prefix + ".connectSeconds", setupSeconds);
            if (ready < connections) {
                throw new IllegalStateException("only " + ready + " of " + connections + " connections ready after " + setupSeconds + " s");
            }
            for (final Map.Entry<String, Double> e : awaitMemory(memoryFile).entrySet()) {
                ResultLine.print(prefix + "." + e.getKey(), e.getValue());
            }

            client.startCalls();
            TimeUnit.MILLISECONDS.sleep(warmupMs);
            measure(client, prefix + ".calls", measureMs, true);
            if (gateway) {
                // the calls' window drains before the pushes start, so neither is counted in the other
                final long lost = client.drain(DRAIN_MS);
                ResultLine.print(prefix + ".calls.timeouts", lost);
                client.startPushes();
                TimeUnit.MILLISECONDS.sleep(warmupMs);
                measure(client, prefix + ".pushes", measureMs, false);
                ResultLine.print(prefix + ".pushes.timeouts", client.drain(DRAIN_MS));
            } else {
                ResultLine.print(prefix + ".calls.timeouts", client.drain(DRAIN_MS));
            }
            // the whole run's, warm-up and drain included: what the measured windows' error counts do not see
            ResultLine.print(prefix + ".run.errors", client.errors.sum());
            ResultLine.print(prefix + ".connectionsLost.errors", client.closed.sum());
        }
    }

    /** One measured window: successes per second, errors, and (calls) the latency percentiles. */
    private static void measure(final WebSocketLoadClient client, final String prefix, final long measureMs, final boolean calls)
        throws InterruptedException {
        client.latencySinceLast();
        final long ok0 = calls ? client.ok.sum() : client.pushes.sum();
        final long errors0 = client.errors.sum();
        final long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(measureMs);
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long ok = (calls ? client.ok.sum() : client.pushes.sum()) - ok0;
        final Histogram h = client.latencySinceLast();
        ResultLine.print(prefix + ".rate", ok / seconds);
        ResultLine.print(prefix + ".ok", ok);
        ResultLine.print(prefix + ".errors", client.errors.sum() - errors0);
        if (calls) {
            ResultLine.print(prefix + ".p50_us", h.getValueAtPercentile(50));
            ResultLine.print(prefix + ".p99_us", h.getValueAtPercentile(99));
            ResultLine.print(prefix + ".p999_us", h.getValueAtPercentile(99.9));
        }
    }

    /** The server's heap figures, once it has measured them (bounded wait). */
    private static Map<String, Double> awaitMemory(final Path file) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MEMORY_TIMEOUT_MS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not report its heap per connection within " + MEMORY_TIMEOUT_MS + " ms");
            }
            // polling with a bound: the server writes the file when it has measured
            TimeUnit.MILLISECONDS.sleep(50);
        }
        final Map<String, Double> figures = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(file)) {
            final String[] parts = line.split(" ");
            figures.put(parts[0], Double.parseDouble(parts[1]));
        }
        return figures;
    }
}
