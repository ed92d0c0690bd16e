package io.grain.metrics.micrometer;

import io.grain.metrics.micrometer.grains.Greeter;
import io.grain.metrics.micrometer.grains.GreeterGrain;
import io.grain.runtime.GrainMember;
import io.grain.runtime.observe.MemberObserver;
import io.grain.storage.InMemoryStorage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meters cost a call no allocation: the bytes a call allocates (the caller's future and what the
 * grain itself makes) are the same with {@link GrainMeters} on a Prometheus registry as without an
 * observer. The member runs on the test thread ({@code INVOKERS}, callbacks inline), so the
 * thread's allocation counter sees every byte of the call path; each figure is the least of
 * several rounds after warm-up, so a collection or compilation during one round cannot skew it.
 */
class CallPathAllocationTest {
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 3;
    private static final int CALLS = 50_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated per local read-only call, the least over the measured rounds. */
    private static double bytesPerCall(final MemberObserver observer) {
        final InMemoryStorage storage = new InMemoryStorage();
        final GrainMember member = GrainMember.builder().shards(1).threading(GrainMember.Threading.INVOKERS).callbackExecutor(Runnable::run)
            .storage(storage).observer(observer).register(Greeter.class, GreeterGrain::new).start();
        try {
            final AgentInvoker invoker = member.agentInvokers().get(0);
            final Greeter greeter = member.grains().get(Greeter.class, "a");
            double least = Double.MAX_VALUE;
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                final long before = allocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    final CompletableFuture<Integer> count = greeter.count();
                    while (!count.isDone()) {
                        invoker.invoke();
                    }
                    assertEquals(0, count.join());
                }
                final double perCall = (allocatedBytes() - before) / (double)CALLS;
                if (round >= WARM_UP_ROUNDS) {
                    least = Math.min(least, perCall);
                }
            }
            return least;
        } finally {
            member.close();
            storage.close();
        }
    }

    @Test
    void metersAddNoAllocationToACall() {
        final double without = bytesPerCall(MemberObserver.NONE);
        final double with = bytesPerCall(new GrainMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        assertTrue(with - without < 4, "bytes per call: " + without + " without meters, " + with + " with");
    }
}
