package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterStub;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Generated stubs registered in place of implementations. */
class StubsTest {
    @Test
    void aGeneratedStubAnswersCallsInTheCluster() {
        final CounterStub stub = new CounterStub().onAdd(delta -> CompletableFuture.completedFuture(delta * 100));
        try (TestCluster cluster = TestCluster.builder().members(2).registerStub(Counter.class, stub).start()) {
            assertEquals(300, Await.result(cluster.grains().get(Counter.class, "s1").add(3)));
            assertEquals(500, Await.result(cluster.grains().get(Counter.class, "s2").add(5)));
            assertEquals(2, stub.addCalls().size());
            assertEquals(3, stub.addCalls().get(0).delta());
            // an unprogrammed method fails the call with the stub's message
            final GrainException e = Await.failure(cluster.grains().get(Counter.class, "s1").get(), GrainException.class);
            assertEquals(IllegalStateException.class.getName(), e.errorType());
        }
    }
}
