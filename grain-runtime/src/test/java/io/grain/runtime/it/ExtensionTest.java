package io.grain.runtime.it;

import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.testing.TestCluster;
import io.grain.testing.TestClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExtensionTest {
    @RegisterExtension
    final TestClusterExtension cluster = TestClusterExtension.of(b -> b.members(2).register(Counter.class, CounterGrain::new));

    @Test
    void eachTestGetsAFreshCluster(final TestCluster injected) {
        assertEquals(2, injected.size());
        assertEquals(1, Await.result(cluster.get().grains().get(Counter.class, "x").add(1)));
    }

    @Test
    void stateDoesNotLeakBetweenTests() {
        assertEquals(1, Await.result(cluster.get().grains().get(Counter.class, "x").add(1)));
    }
}
