package io.grain.runtime.it;

import io.grain.runtime.grains.Deadlines;
import io.grain.runtime.grains.DeadlinesGrain;
import io.grain.runtime.grains.Trace;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls with different timeouts, made interleaved, each time out at their own deadline of cluster
 * time, to the millisecond; a call that got its reply is never timed out. The calls are made by
 * grains, so each outcome is recorded on the shard as it happens, in step with the virtual clock.
 */
class CallTimeoutsTest {
    private TestCluster cluster;
    private final List<CompletableFuture<String>> callers = new ArrayList<>();

    @BeforeEach
    void start() {
        Trace.reset();
        cluster = TestCluster.builder().members(2)
            .callTimeout(Duration.ofMillis(1_000))
            .register(Deadlines.class, DeadlinesGrain::new)
            .start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Has caller grain {@code "caller-" + tag} call {@code method} of grain {@code "callee-" + tag}. */
    private void call(final String method, final String tag) {
        callers.add(cluster.grains().get(Deadlines.class, "caller-" + tag).callAndRecord("callee-" + tag, method, tag));
    }

    /** Advances the cluster's clock by {@code millis} and returns what happened meanwhile. */
    private List<String> advance(final long millis) {
        final int before = Trace.events().size();
        cluster.advance(Duration.ofMillis(millis));
        final List<String> events = Trace.events();
        return events.subList(before, events.size());
    }

    @Test
    void mixedTimeoutsExpireEachAtItsOwnDeadline() {
        // t = 0: brief 200 ms, medium 500 ms, standard (the member's default) 1000 ms, interleaved
        call("brief", "b1");
        call("medium", "m1");
        call("standard", "s1");
        call("brief", "b2");
        call("medium", "answered");
        call("brief", "answeredBrief");
        cluster.settle();
        assertEquals(List.of(), advance(100));
        // t = 100: more of each, behind the first ones in their FIFOs
        call("medium", "m2");
        call("brief", "b3");
        call("standard", "s2");
        cluster.settle();
        final int before = Trace.events().size();
        Trace.open("answered");
        Trace.open("answeredBrief");
        cluster.settle();
        assertEquals(List.of("answered replied answered", "answeredBrief replied answeredBrief"),
            Trace.events().subList(before, Trace.events().size()));

        assertEquals(List.of(), advance(99));                                      // t = 199
        assertEquals(List.of("b1 timed out", "b2 timed out"), advance(1));         // t = 200
        assertEquals(List.of(), advance(99));                                      // t = 299
        assertEquals(List.of("b3 timed out"), advance(1));                         // t = 300
        assertEquals(List.of(), advance(199));                                     // t = 499
        assertEquals(List.of("m1 timed out"), advance(1));                         // t = 500
        assertEquals(List.of(), advance(99));                                      // t = 599
        assertEquals(List.of("m2 timed out"), advance(1));                         // t = 600
        assertEquals(List.of(), advance(399));                                     // t = 999
        assertEquals(List.of("s1 timed out"), advance(1));                         // t = 1000
        assertEquals(List.of(), advance(99));                                      // t = 1099
        assertEquals(List.of("s2 timed out"), advance(1));                         // t = 1100
        // nothing else is pending: the answered calls were not expired later either
        assertEquals(List.of(), advance(10_000));
        for (final CompletableFuture<String> caller : callers) {
            Await.result(caller);
        }
        assertEquals(2, callers.stream().filter(c -> c.join().startsWith("replied")).count());
        assertEquals(7, callers.stream().filter(c -> c.join().equals("timed out")).count());
    }

    @Test
    void aReplyJustBeforeTheDeadlineWinsAndTheNextCallStillTimesOut() {
        call("medium", "first");
        call("medium", "second");
        cluster.settle();
        assertEquals(List.of(), advance(499));
        Trace.open("first");
        cluster.settle();
        assertEquals(List.of("first replied first"), Trace.events());
        assertEquals(List.of("second timed out"), advance(1));
        assertEquals(List.of(), advance(5_000));
        assertEquals("replied first", Await.result(callers.get(0)));
        assertEquals("timed out", Await.result(callers.get(1)));
    }
}
