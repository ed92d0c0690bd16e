package io.grain.benchmarks.scenario;

import io.grain.benchmarks.grains.Echo;
import io.grain.benchmarks.grains.EchoGrain;
import io.grain.benchmarks.grains.Sink;
import io.grain.benchmarks.grains.SinkGrain;
import io.grain.benchmarks.grains.Idle;
import io.grain.benchmarks.grains.IdleGrain;
import io.grain.benchmarks.grains.Pinger;
import io.grain.benchmarks.grains.PingerGrain;
import io.grain.benchmarks.load.LoadDriver;
import io.grain.benchmarks.load.ResultLine;
import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.IdleProfile;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.transport.aeron.AeronTransport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Grain's scenarios, one per child JVM: {@code GrainScenario <name> key=value...}.
 * <pre>
 *   local   outside thread -> Echo grains, pipelined (inflight, keys, shards)
 *   g2g     a Pinger grain -> Echo grains; same=true: one shard; same=false: 2 shards, every target on the other one
 *   scale   activation rate of count Idle grains, then heap per idle activation after GC
 *   host    a member over Aeron that hosts Echo grains; READY, serves until stdin closes
 *   driver  a client member over Aeron: pipelined, then fixed rates (rates=10000,100000); with payload=N,
 *           calls carrying an N-byte argument, pipelined only
 *   profile a client member over Aeron with idle profile P (profile=P, the host started with the same):
 *           CPU of both JVMs (hostPid) while idle (idleMs), then at a fixed rate (rate, latencyMs) with
 *           its p50/p99; CPU as a percentage of one core, read from the process's CPU time
 * </pre>
 * {@code host} and {@code driver} take {@code profile=LOW_LATENCY|BALANCED|LOW_CPU} too (default BALANCED).
 * A benchmark main: figures go to stdout as {@link ResultLine}s.
 */
public final class GrainScenario {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private GrainScenario() {
    }

    public static void main(final String[] args) throws Exception {
        final Options o = new Options(args, 1);
        try {
            run(args, o);
        } catch (final Throwable ex) {
            // a failed scenario must end its JVM (library threads are not daemons), so the harness sees it at once
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(final String[] args, final Options o) throws Exception {
        switch (args[0]) {
            case "local" -> local(o);
            case "g2g" -> grainToGrain(o);
            case "scale" -> scale(o);
            case "host" -> host(o);
            case "driver" -> driver(o);
            case "profile" -> profile(o);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    private static void local(final Options o) {
        try (GrainMember member = callbacks(GrainMember.builder(), o).shards(o.integer("shards", 1)).callTimeout(CALL_TIMEOUT)
            .register(Echo.class, EchoGrain::new).start()) {
            final LoadDriver driver = echoDriver(member.grains(), o);
            driver.pipelined(o.millisAsNanos("warmupMs", 2000));
            driver.pipelined(o.millisAsNanos("measureMs", 3000)).report("grain.local" + variant(o) + ".pipelined");
        }
    }

    /**
     * Where outside callers' futures complete. {@code callbacks=pool} (default): the member's own
     * {@code CallbackThreads} (one drainer thread, batches). {@code callbacks=direct}: on the shard
     * thread itself ({@code callbackExecutor(Runnable::run)}), safe here because the driver's
     * completion only counts; the ceiling of the outside-call path without any callback thread.
     * {@code callbacks=cached}: a cached thread pool, a task per completion (the default before
     * 2026-12-02), to measure the old design against the new one in the same run.
     */
    private static <B extends MemberConfig.CallerSettings<B>> B callbacks(final B builder, final Options o) {
        return switch (o.get("callbacks", "pool")) {
            case "direct" -> builder.callbackExecutor(Runnable::run);
            case "cached" -> builder.callbackExecutor(CACHED_POOL.get());
            case "pool" -> builder;
            default -> throw new IllegalArgumentException("callbacks=pool|direct|cached: " + o.get("callbacks", "pool"));
        };
    }

    /** The cached pool of {@code callbacks=cached}: daemon threads, made on first use, left to the JVM's exit. */
    private static final Supplier<ExecutorService> CACHED_POOL = () -> Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "bench-cached-callback");
        t.setDaemon(true);
        return t;
    });

    private static String variant(final Options o) {
        return switch (o.get("callbacks", "pool")) {
            case "direct" -> ".directCallbacks";
            case "cached" -> ".cachedPoolCallbacks";
            default -> "";
        };
    }

    private static LoadDriver echoDriver(final GrainFactory grains, final Options o) {
        final int keys = o.integer("keys", 1000);
        final Echo[] echoes = new Echo[keys];
        for (int k = 0; k < keys; k++) {
            echoes[k] = grains.get(Echo.class, (long)k);
        }
        return new LoadDriver(i -> echoes[i % keys].echo(i), o.integer("inflight", 1000), CALL_TIMEOUT.toNanos());
    }

    private static void grainToGrain(final Options o) throws Exception {
        final boolean same = Boolean.parseBoolean(o.require("same"));
        final int shards = same ? 1 : 2;
        final int targets = o.integer("keys", 1000);
        final int window = o.integer("inflight", 1000);
        final int calls = o.integer("calls", 1_000_000);
        try (GrainMember member = GrainMember.builder().shards(shards).callTimeout(CALL_TIMEOUT)
            .register(Echo.class, EchoGrain::new).register(Pinger.class, PingerGrain::new).start()) {
            // Across shards: a pinger on shard 0 and targets that all live on shard 1.
            long pingerKey = 0;
            while (RendezvousPlacement.shard(GrainId.of("pinger", pingerKey), shards) != 0) {
                pingerKey++;
            }
            final List<Long> targetKeys = targetKeys(shards, same ? 0 : 1, targets);
            final Pinger pinger = member.grains().get(Pinger.class, pingerKey);
            final String prefix = same ? "grain.g2g.sameShard" : "grain.g2g.crossShard";
            // warm-up: the same work, untimed
            pinger.drive(targetKeys, calls, window).get(120, TimeUnit.SECONDS);
            final long start = System.nanoTime();
            final long failed = pinger.drive(targetKeys, calls, window).get(120, TimeUnit.SECONDS);
            final double seconds = (System.nanoTime() - start) / 1e9;
            ResultLine.print(prefix + ".rate", calls / seconds);
            ResultLine.print(prefix + ".ok", calls - failed);
            ResultLine.print(prefix + ".errors", failed);
            ResultLine.print(prefix + ".timeouts", 0);
        }
    }

    /** The first {@code count} echo keys that placement puts on {@code shard}. */
    private static List<Long> targetKeys(final int shards, final int shard, final int count) {
        final List<Long> keys = new ArrayList<>(count);
        for (long key = 0; keys.size() < count; key++) {
            if (RendezvousPlacement.shard(GrainId.of("echo", key), shards) == shard) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static void scale(final Options o) throws Exception {
        final int count = o.integer("count", 1_000_000);
        final int inFlight = o.integer("inflight", 1000);
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (GrainMember member = callbacks(GrainMember.builder(), o).shards(o.integer("shards", 1)).callTimeout(Duration.ofSeconds(60))
            .collectionAge(Duration.ofHours(1)).register(Idle.class, IdleGrain::new).start()) {
            // a few activations first, so class loading and the member's own tables are not counted
            final Idle[] warm = new Idle[1000];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = member.grains().get(Idle.class, -1L - i);
            }
            new LoadDriver(i -> warm[i % warm.length].touch(), inFlight, TimeUnit.SECONDS.toNanos(60))
                .pipelined(TimeUnit.MILLISECONDS.toNanos(500));
            final long before = usedAfterGc(memory);
            final LoadDriver activate = new LoadDriver(i -> member.grains().get(Idle.class, (long)i).touch(), inFlight,
                TimeUnit.SECONDS.toNanos(60));
            final long start = System.nanoTime();
            final LoadDriver.Outcome outcome = activate.exactly(count);
            final double seconds = (System.nanoTime() - start) / 1e9;
            final long after = usedAfterGc(memory);
            if (!variant(o).isEmpty()) {
                // the variant measures the activation rate only; the heap figures come from the default run
                ResultLine.print("grain.scale.activationRate_directCallbacks", outcome.ok() / seconds);
                ResultLine.print("grain.scaleDirectCallbacks.errors", outcome.errors());
                ResultLine.print("grain.scaleDirectCallbacks.timeouts", outcome.timeouts() + outcome.hung());
                return;
            }
            ResultLine.print("grain.scale.activations", outcome.ok());
            ResultLine.print("grain.scale.activationRate", outcome.ok() / seconds);
            ResultLine.print("grain.scale.errors", outcome.errors());
            ResultLine.print("grain.scale.timeouts", outcome.timeouts() + outcome.hung());
            ResultLine.print("grain.scale.bytesPerActivation", (after - before) / (double)Math.max(1, outcome.ok()));
            ResultLine.print("grain.scale.heapMiB", after / 1048576.0);
        }
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

    private static void host(final Options o) throws Exception {
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(1).endpoint(o.require("endpoint")).seeds(List.of()).embeddedDirectoryName(o.require("aeronDir")));
        // the member owns the transport: closing the member closes it
        try (GrainMember member = GrainMember.builder().shards(o.integer("shards", 1)).callTimeout(CALL_TIMEOUT)
            .idleProfile(profileOf(o)).transportOnShard(true) // echo turns are short: no thread crossed inside
            .register(Echo.class, EchoGrain::new).register(Sink.class, SinkGrain::new)
            .transport(transport).start()) {
            ResultLine.ready(transport.endpoint());
            ResultLine.awaitStdinClosed();
        }
    }

    private static void driver(final Options o) throws Exception {
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(100).endpoint("127.0.0.1:0").seeds(o.require("seed")).client(true)
            .embeddedDirectoryName(o.require("aeronDir")));
        // a client: calls the host's grains, hosts none; it owns (and closes) its transport
        try (GrainClient client = callbacks(GrainClient.builder(), o).callTimeout(CALL_TIMEOUT).idleProfile(profileOf(o))
            .transport(transport).connect()) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!transport.membership().view().contains(1)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the host member did not join within 60 s: " + transport.clusterView());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            final int payload = o.integer("payload", 0);
            if (payload > 0) {
                // large messages: each call's argument goes in chunks of frames and is put back together
                final byte[] data = new byte[payload];
                final int keys = o.integer("keys", 16);
                final Sink[] sinks = new Sink[keys];
                for (int k = 0; k < keys; k++) {
                    sinks[k] = client.grains().get(Sink.class, (long)k);
                }
                final LoadDriver large = new LoadDriver(i -> sinks[i % keys].take(data), o.integer("inflight", 4),
                    CALL_TIMEOUT.toNanos());
                large.pipelined(o.millisAsNanos("warmupMs", 2000));
                large.pipelined(o.millisAsNanos("measureMs", 3000)).report("grain.remote.payload" + payload + ".pipelined");
                return;
            }
            final LoadDriver driver = echoDriver(client.grains(), o);
            driver.pipelined(o.millisAsNanos("warmupMs", 2000));
            driver.pipelined(o.millisAsNanos("measureMs", 3000)).report("grain.remote" + variant(o) + ".pipelined");
            for (final String rate : o.get("rates", "10000").split(",")) {
                driver.fixedRate(Double.parseDouble(rate), o.millisAsNanos("latencyMs", 3000))
                    .report("grain.remote" + variant(o) + ".fixed" + rate);
            }
        }
    }

    private static IdleProfile profileOf(final Options o) {
        return IdleProfile.valueOf(o.get("profile", IdleProfile.DEFAULT.name()));
    }

    /**
     * One idle profile's cost and latency: the host (started with the same profile, pid hostPid) and
     * this client sit idle for idleMs, then this client calls at a fixed rate for latencyMs; the CPU
     * time both processes used in each window, as a percentage of one core.
     */
    private static void profile(final Options o) throws Exception {
        final IdleProfile profile = profileOf(o);
        final ProcessHandle host = ProcessHandle.of(Long.parseLong(o.require("hostPid")))
            .orElseThrow(() -> new IllegalStateException("no host process " + o.require("hostPid")));
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(100).endpoint("127.0.0.1:0").seeds(o.require("seed")).client(true)
            .embeddedDirectoryName(o.require("aeronDir")));
        try (GrainClient client = GrainClient.builder().callTimeout(CALL_TIMEOUT).idleProfile(profile)
            .transport(transport).connect()) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!transport.membership().view().contains(1)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the host member did not join within 60 s: " + transport.clusterView());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            final String prefix = "grain.profile." + profile.name();
            final double rate = Double.parseDouble(o.get("rate", "10000"));
            final LoadDriver driver = echoDriver(client.grains(), o);
            driver.fixedRate(rate, o.millisAsNanos("warmupMs", 2000));
            // settle: let the JIT and the GC finish with the warm-up before measuring the idle cost
            LockSupport.parkNanos(o.millisAsNanos("settleMs", 3000));
            // idle: nothing to do but heartbeats; the parks of the profile decide the cost
            final long idleNanos = o.millisAsNanos("idleMs", 5000);
            final long idleStart = System.nanoTime();
            final long hostIdle0 = cpuNanos(host);
            final long selfIdle0 = cpuNanos(ProcessHandle.current());
            LockSupport.parkNanos(idleNanos);
            final double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            ResultLine.print(prefix + ".idle.hostCpuPct", percent(cpuNanos(host) - hostIdle0, idleSeconds));
            ResultLine.print(prefix + ".idle.clientCpuPct", percent(cpuNanos(ProcessHandle.current()) - selfIdle0, idleSeconds));
            final long loadStart = System.nanoTime();
            final long hostLoad0 = cpuNanos(host);
            final long selfLoad0 = cpuNanos(ProcessHandle.current());
            final LoadDriver.Outcome outcome = driver.fixedRate(rate, o.millisAsNanos("latencyMs", 5000));
            final double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            ResultLine.print(prefix + ".load.hostCpuPct", percent(cpuNanos(host) - hostLoad0, loadSeconds));
            ResultLine.print(prefix + ".load.clientCpuPct", percent(cpuNanos(ProcessHandle.current()) - selfLoad0, loadSeconds));
            outcome.report(prefix + ".fixed" + (long)rate);
        }
    }

    /** CPU time a process used so far (user and system, all threads), in nanoseconds. */
    private static long cpuNanos(final ProcessHandle process) {
        return process.info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("the OS does not report the CPU time of process " + process.pid()))
            .toNanos();
    }

    private static double percent(final long cpuNanos, final double seconds) {
        return 100.0 * cpuNanos / 1e9 / seconds;
    }
}
