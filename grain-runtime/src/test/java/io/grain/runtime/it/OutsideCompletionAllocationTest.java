package io.grain.runtime.it;

import io.grain.runtime.GrainMember;
import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Completing an outside caller's future through {@link CallbackThreads} costs no allocation: the
 * bytes a call allocates on the test thread (caller and shard: {@code INVOKERS}) plus on the
 * callback threads are the same as with the future completed inline on the shard
 * ({@code Runnable::run}). Each figure is the least of several rounds after warm-up.
 */
class OutsideCompletionAllocationTest {
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 3;
    private static final int CALLS = 50_000;
    private static final String PREFIX = "alloc-callback-";
    private static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void theCallbackThreadsAddNoAllocationToACall() {
        final double inline = bytesPerCall(Runnable::run);
        final double drained;
        try (CallbackThreads callbacks = new CallbackThreads(PREFIX)) {
            drained = bytesPerCall(callbacks);
        }
        assertTrue(drained - inline < 4, "bytes per call: " + inline + " completed on the shard, " + drained
            + " through the callback threads");
    }

    private static double bytesPerCall(final Executor callbacks) {
        final GrainMember member = GrainMember.builder().shards(1).threading(GrainMember.Threading.INVOKERS)
            .callbackExecutor(callbacks).register(Counter.class, CounterGrain::new).start();
        try {
            final AgentInvoker invoker = member.agentInvokers().get(0);
            final Counter counter = member.grains().get(Counter.class, "a");
            double least = Double.MAX_VALUE;
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                final long[] ids = callbackThreadIds();
                final long[] before = new long[ids.length];
                for (int t = 0; t < ids.length; t++) {
                    before[t] = MX.getThreadAllocatedBytes(ids[t]);
                }
                // this thread's counter last before the calls and first after them: nothing else is counted
                final long ownBefore = MX.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < CALLS; i++) {
                    final CompletableFuture<Integer> value = counter.get();
                    while (!value.isDone()) {
                        invoker.invoke();
                    }
                    if (value.join() != 0) {
                        throw new AssertionError("counter read " + value.join());
                    }
                }
                long bytes = MX.getThreadAllocatedBytes(Thread.currentThread().getId()) - ownBefore;
                for (int t = 0; t < ids.length; t++) {
                    bytes += MX.getThreadAllocatedBytes(ids[t]) - before[t];
                }
                if (round >= WARM_UP_ROUNDS) {
                    least = Math.min(least, bytes / (double)CALLS);
                }
            }
            return least;
        } finally {
            member.close();
        }
    }

    /** The callback threads of the test alive now (one, unless the watchdog took a descheduled one for blocked). */
    private static long[] callbackThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(PREFIX))
            .mapToLong(Thread::getId).toArray();
    }
}
