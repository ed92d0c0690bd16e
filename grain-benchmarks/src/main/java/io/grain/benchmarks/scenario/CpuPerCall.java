package io.grain.benchmarks.scenario;

import io.grain.benchmarks.grains.Echo;
import io.grain.benchmarks.grains.EchoGrain;
import io.grain.benchmarks.grains.Pinger;
import io.grain.benchmarks.grains.PingerGrain;
import io.grain.benchmarks.load.ResultLine;
import io.grain.runtime.GrainMember;
import org.agrona.concurrent.AgentInvoker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CPU time per call of the one thread that drives a member of one shard ({@code Threading.INVOKERS},
 * futures completed inline): {@code CpuPerCall g2g|local [calls] [rounds]}. {@code g2g}: a
 * {@code Pinger} grain pipelines 1000 calls to 1000 {@code Echo} grains of its shard; {@code local}:
 * the driving thread itself keeps 1000 calls to them in flight between duty cycles (outside calls).
 * Thread CPU time, unlike a rate, hardly moves when other processes share the cores, so two builds
 * can be compared on a busy machine by running them alternately. Not part of the harness's table.
 */
public final class CpuPerCall {
    private static int inFlight;
    private static long completed;

    private CpuPerCall() {
    }

    public static void main(final String[] args) {
        final String mode = args[0];
        final int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (GrainMember member = GrainMember.builder().shards(1).threading(GrainMember.Threading.INVOKERS)
            .callTimeout(Duration.ofSeconds(60)).callbackExecutor(Runnable::run)
            .register(Echo.class, EchoGrain::new).register(Pinger.class, PingerGrain::new).start()) {
            final AgentInvoker shard = member.agentInvokers().get(0);
            final List<Long> keys = new ArrayList<>();
            final Echo[] echoes = new Echo[1000];
            for (int k = 0; k < echoes.length; k++) {
                keys.add((long)k);
                echoes[k] = member.grains().get(Echo.class, (long)k);
            }
            final Pinger pinger = member.grains().get(Pinger.class, 0L);
            for (int round = 0; round < rounds; round++) {
                final long cpu0 = threads.getCurrentThreadCpuTime();
                final long wall0 = System.nanoTime();
                if ("g2g".equals(mode)) {
                    final CompletableFuture<Long> done = pinger.drive(keys, calls, 1000);
                    while (!done.isDone()) {
                        shard.invoke();
                    }
                } else {
                    completed = 0;
                    int issued = 0;
                    while (completed < calls) {
                        while (inFlight < 1000 && issued < calls) {
                            inFlight++;
                            echoes[issued % echoes.length].echo(issued).whenComplete((v, e) -> {
                                inFlight--;
                                completed++;
                            });
                            issued++;
                        }
                        shard.invoke();
                    }
                }
                final long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                final long wall = System.nanoTime() - wall0;
                if (round >= 2) {
                    // the first rounds warm up the JIT and activate the grains
                    ResultLine.print("grain.cpuPerCall." + mode + ".nanos", cpu / (double)calls);
                    ResultLine.print("grain.cpuPerCall." + mode + ".rate", calls * 1e9 / wall);
                }
            }
        }
        System.exit(0);
    }
}
