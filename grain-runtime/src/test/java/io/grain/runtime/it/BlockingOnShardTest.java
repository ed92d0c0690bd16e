package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Blocker;
import io.grain.runtime.grains.BlockerGrain;
import io.grain.runtime.grains.Gates;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking on a grain call's future from a shard thread fails fast; cancel() does what it says. */
class BlockingOnShardTest {
    @Test
    void joiningACallOnAShardThreadFailsTheTurnAtOnceAndTheShardKeepsServing() {
        try (GrainMember member = GrainMember.builder().shards(2).register(Blocker.class, BlockerGrain::new).start()) {
            assertBlockingRefused(member.grains(), "grain-shard-");
        }
        try (TestCluster cluster = TestCluster.builder().members(2).register(Blocker.class, BlockerGrain::new).start()) {
            assertBlockingRefused(cluster.grains(), "grain-test-cluster");
        }
    }

    private static void assertBlockingRefused(final GrainFactory grains, final String shardThreadPrefix) {
        for (int i = 0; i < 4; i++) {
            final Blocker caller = grains.get(Blocker.class, "caller" + i);
            final GrainException joined = Await.failure(caller.joinCall("callee" + i), GrainException.class);
            assertEquals(IllegalStateException.class.getName(), joined.errorType());
            assertTrue(joined.errorMessage().startsWith("grain call blocker/callee" + i + ".name joined on shard thread "
                + shardThreadPrefix), joined.errorMessage());
            assertTrue(joined.errorMessage().endsWith("compose it (thenApply/thenCompose) instead of blocking the shard"),
                joined.errorMessage());

            // a stage derived with thenApply carries the same check, and get() is refused like join()
            final GrainException derived = Await.failure(caller.getDerived("callee" + i), GrainException.class);
            assertEquals(IllegalStateException.class.getName(), derived.errorType());
            assertTrue(derived.errorMessage().contains(".name waited on with get() on shard thread "), derived.errorMessage());

            // the shards were not stalled: both grains answer, and the test thread may block as before
            assertEquals("caller" + i, grains.get(Blocker.class, "caller" + i).name().join());
            assertEquals("callee" + i, Await.result(grains.get(Blocker.class, "callee" + i).name()));
        }
    }

    @Test
    void cancelFailsTheCallersFutureWhileTheCallMayStillRunAtTheCallee() throws Exception {
        try (GrainMember member = GrainMember.builder().shards(2).register(Blocker.class, BlockerGrain::new).start()) {
            final Blocker waiter = member.grains().get(Blocker.class, "waiter");
            final CompletableFuture<String> call = waiter.waitFor("cancel-gate");
            final CompletableFuture<String> derived = call.thenApply(v -> v + "!");

            assertTrue(call.cancel(true));
            assertTrue(call.isCancelled());
            assertThrows(CancellationException.class, call::join);
            assertTrue(derived.isCompletedExceptionally(), "derived stages see the cancellation");

            // the call was not withdrawn: the callee still runs it when the gate opens, and its reply is dropped
            Gates.open("cancel-gate", "opened");
            assertEquals("waiter", Await.result(Gates.gate("cancel-gate-ran")));
            assertTrue(call.isCancelled());
            assertEquals("waiter", Await.result(waiter.name()), "the grain keeps answering");
        }
    }
}
