package io.grain.runtime.it;

import io.grain.runtime.grains.Chain;
import io.grain.runtime.grains.ChainGrain;
import io.grain.runtime.grains.Life;
import io.grain.runtime.grains.LifeGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {
    private static List<String> scenario() {
        Trace.reset();
        LifeGrain.FAIL_CONSTRUCTIONS.set(0);
        LifeGrain.FAIL_ACTIVATIONS.set(0);
        try (TestCluster cluster = TestCluster.builder().members(3)
                .register(Life.class, LifeGrain::new)
                .register(Chain.class, ChainGrain::new)
                .register(Turns.class, TurnsGrain::new)
                .start()) {
            final long t0 = cluster.nowMillis();
            Await.result(cluster.grains().get(Life.class, "a").tickEvery(700));
            Await.result(cluster.grains().get(Life.class, "b").tickEvery(1100));
            Await.result(cluster.grains().get(Life.class, "c").alarmIn(2500));
            cluster.advance(Duration.ofSeconds(5));
            Trace.add("relay result " + Await.result(cluster.grains().get(Chain.class, "A").relay(List.of("B", "C", "A"))));
            final Turns turns = cluster.grains().get(Turns.class, "t");
            final CompletableFuture<String> hold = turns.hold("x");
            final CompletableFuture<String> poke = turns.poke("y");
            cluster.settle();
            Trace.open("y");
            Await.result(poke);
            cluster.settle();
            Trace.open("x");
            Await.result(hold);
            cluster.settle();
            cluster.kill(1);
            cluster.advance(Duration.ofSeconds(5));
            Await.result(cluster.grains().get(Life.class, "a").touch());
            Await.result(cluster.grains().get(Life.class, "b").touch());
            cluster.advance(Duration.ofMinutes(20));
            Trace.add("end @" + (cluster.nowMillis() - t0) + " activations " + cluster.activationCount());
        }
        return Trace.events();
    }

    @Test
    void theSameScenarioGivesTheSameTrace() {
        final List<String> first = scenario();
        final List<String> second = scenario();
        assertTrue(first.size() > 30, first.toString());
        assertTrue(first.stream().anyMatch(e -> e.startsWith("tick a")), first.toString());
        assertEquals(first, second);
    }
}
