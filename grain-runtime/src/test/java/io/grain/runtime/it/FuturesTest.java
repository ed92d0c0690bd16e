package io.grain.runtime.it;

import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuturesTest {
    @Test
    void aBlockingCallbackOfAnOutsideCallerDoesNotStallTheShards() throws Exception {
        try (TestCluster cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new).start()) {
            assertBlockingCallbackHarmless(cluster.grains().get(Counter.class, "a"), cluster.grains().get(Counter.class, "b"),
                "grain-test-cluster");
        }
        try (GrainMember member = GrainMember.builder().shards(2).register(Counter.class, CounterGrain::new).start()) {
            assertBlockingCallbackHarmless(member.grains().get(Counter.class, "a"), member.grains().get(Counter.class, "b"),
                "grain-shard-");
        }
    }

    private static void assertBlockingCallbackHarmless(final Counter a, final Counter b, final String shardThreadPrefix)
        throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        final String[] callbackThread = new String[1];
        final CompletableFuture<Void> first = a.add(1).thenAccept(v -> {
            callbackThread[0] = Thread.currentThread().getName();
            blocked.countDown();
            try {
                // bounded only so a broken run ends; the test releases it as soon as its calls are done,
                // which on a loaded machine may take longer than one call's bound
                release.await(10 * Await.BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(Await.BOUND_SECONDS, TimeUnit.SECONDS));
        assertFalse(callbackThread[0].startsWith(shardThreadPrefix), callbackThread[0]);
        // while that callback blocks, both grains (whatever shard they are on) keep answering
        for (int i = 0; i < 100; i++) {
            Await.result(a.add(1));
            Await.result(b.add(1));
        }
        assertFalse(first.isDone());
        release.countDown();
        Await.result(first);
        assertEquals(101, Await.result(a.get()));
    }

    @Test
    void aGrainsAwaitedCallsCompleteOnItsOwnShardThread() {
        try (GrainMember member = GrainMember.builder().shards(4).register(Counter.class, CounterGrain::new).start()) {
            for (int i = 0; i < 20; i++) {
                final String threads = Await.result(member.grains().get(Counter.class, "caller" + i).threadsAcross("callee" + i));
                final String[] parts = threads.split("\\|");
                assertTrue(parts[0].startsWith("grain-shard-"), threads);
                assertEquals(parts[0], parts[1], "continuation ran on the caller's shard");
            }
        }
    }
}
