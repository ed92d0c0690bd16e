package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterDispatcher;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsDispatcher;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The runtime's counters (calls, call errors, activations) move with what the member does. */
class CountersTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        Trace.reset();
        cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new)
            .register(Turns.class, TurnsGrain::new).start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void callsErrorsAndActivationsAreCountedWhereTheGrainLives() {
        final String key = keyOwnedBy(1);
        final Counter counter = cluster.grains(0).get(Counter.class, key);
        final MemberCounters host = cluster.counters(1);
        final MemberCounters caller = cluster.counters(0);

        assertEquals(3, Await.result(counter.add(3)));
        assertEquals(5, Await.result(counter.add(2)));
        assertEquals(2, host.calls());
        assertEquals(1, host.activations());
        assertEquals(0, caller.calls(), "the caller serves nothing");
        assertEquals(0, caller.activations());

        counter.append(7);
        cluster.settle();
        assertEquals(3, host.calls(), "one-way calls count too");

        Await.failure(counter.fail("boom"), io.grain.runtime.GrainException.class);
        assertEquals(4, host.calls());
        assertEquals(1, host.callErrors(), "the grain's exception is an error reply of its host");
        assertEquals(0, caller.callErrors());

        assertEquals(1, Await.result(cluster.grains(1).get(Counter.class, keyOwnedBy(1, 1)).add(1)));
        assertEquals(2, host.activations());
        assertEquals(cluster.activationCount(1), host.activations());

        cluster.advance(Duration.ofMinutes(20));
        assertEquals(0, cluster.activationCount(1), "idle grains were collected");
        assertEquals(0, host.activations(), "the gauge follows deactivations");
        assertEquals(5, host.calls() + caller.calls(), "calls are counted once, where they ran");
    }

    @Test
    void aTimedOutCallCountsAsAnErrorOfItsCaller() {
        final Turns turns = cluster.grains(0).get(Turns.class, keyOwnedBy(TurnsDispatcher.KIND, 1, 0));
        final CompletableFuture<String> quick = turns.quick("counted-slow");
        cluster.advance(Duration.ofSeconds(1));
        Await.failure(quick, TimeoutException.class);
        assertEquals(1, cluster.counters(0).callErrors(), "the caller timed the call out");
        assertEquals(0, cluster.counters(1).callErrors(), "the callee's turn is still running, not failed");
        Trace.open("counted-slow");
        cluster.settle();
        assertEquals(0, cluster.counters(1).callErrors());
    }

    @Test
    void aCallToAGoneMemberCountsAsAnErrorOfItsCaller() {
        final Turns turns = cluster.grains(0).get(Turns.class, keyOwnedBy(TurnsDispatcher.KIND, 1, 0));
        final CompletableFuture<String> waiting = turns.hold("counted-crash");
        cluster.settle();
        cluster.kill(1);
        Await.failure(waiting, GrainUnavailableException.class);
        assertEquals(1, cluster.counters(0).callErrors());
        Trace.open("counted-crash");
    }

    private String keyOwnedBy(final int member) {
        return keyOwnedBy(member, 0);
    }

    private String keyOwnedBy(final int member, final int skip) {
        return keyOwnedBy(CounterDispatcher.KIND, member, skip);
    }

    /** The {@code skip}-th key (from 0) of {@code kind} that placement gives to {@code member}. */
    private String keyOwnedBy(final String kind, final int member, final int skip) {
        int found = 0;
        for (int i = 0; ; i++) {
            if (cluster.ownerOf(GrainId.of(kind, "n" + i)) == member && found++ == skip) {
                return "n" + i;
            }
        }
    }
}
