package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterDispatcher;
import io.grain.runtime.grains.CounterGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure on TestCluster's driver thread fails the test: settle, advance and close rethrow it. */
class DriverFailureTest {
    @Test
    void aShardThatThrowsOutOfItsDutyCycleFailsTheTestsNextCommand() throws Exception {
        final TestCluster cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new).start();
        final AssertionError broken = new AssertionError("a reply decoder that breaks its shard");
        try {
            cluster.settle();
            cluster.advance(Duration.ofSeconds(1));
            // an Error from a reply decoder is not a call's failure: it escapes the caller's shard's duty cycle
            final GrainId id = GrainId.of(CounterDispatcher.KIND, keyOwnedBy(cluster, 1));
            final CallInvoker invoker = invokerOf(cluster.grains().get(Counter.class, id.keyAsString()));
            invoker.begin(id, CounterDispatcher.M_GET).request(reader -> {
                throw broken;
            });

            final IllegalStateException settle = assertThrows(IllegalStateException.class, cluster::settle);
            assertSame(broken, settle.getCause());
            assertTrue(settle.getMessage().startsWith("the test cluster's driver thread failed"), settle.getMessage());
            assertSame(broken, assertThrows(IllegalStateException.class, () -> cluster.advance(Duration.ofSeconds(1))).getCause());
        } finally {
            final IllegalStateException close = assertThrows(IllegalStateException.class, cluster::close);
            assertSame(broken, close.getCause());
        }
        assertEquals("the test cluster is closed",
            assertThrows(IllegalStateException.class, cluster::settle).getMessage(), "close still closed the cluster");
    }

    private static String keyOwnedBy(final TestCluster cluster, final int member) {
        for (int i = 0; ; i++) {
            if (cluster.ownerOf(GrainId.of(CounterDispatcher.KIND, "k" + i)) == member) {
                return "k" + i;
            }
        }
    }

    private static CallInvoker invokerOf(final Counter client) throws Exception {
        final var field = client.getClass().getDeclaredField("invoker");
        field.setAccessible(true);
        return (CallInvoker)field.get(client);
    }
}
