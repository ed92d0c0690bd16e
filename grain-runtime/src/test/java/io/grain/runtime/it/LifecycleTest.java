package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.grains.Life;
import io.grain.runtime.grains.LifeGrain;
import io.grain.runtime.grains.Trace;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    private TestCluster cluster;
    private long t0;

    @BeforeEach
    void start() {
        Trace.reset();
        LifeGrain.FAIL_CONSTRUCTIONS.set(0);
        LifeGrain.FAIL_ACTIVATIONS.set(0);
        cluster = TestCluster.builder().members(1).register(Life.class, LifeGrain::new).start();
        t0 = cluster.nowMillis();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private List<String> events(final String prefix) {
        return Trace.events().stream().filter(e -> e.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void activatesOnFirstCallAndDeactivatesAfterTheCollectionAge() {
        final Life life = cluster.grains().get(Life.class, "x");
        assertEquals(1, Await.result(life.touch()));
        assertEquals(2, Await.result(life.touch()));
        assertEquals(List.of("activate x @" + t0), Trace.events());
        assertEquals(1, cluster.activationCount());

        cluster.advance(Duration.ofMinutes(14));
        assertEquals(1, cluster.activationCount());
        cluster.advance(Duration.ofMinutes(6));
        assertEquals(0, cluster.activationCount());
        assertEquals(1, events("deactivate x").size());

        // a new activation: fresh state
        assertEquals(1, Await.result(life.touch()));
        assertEquals(2, events("activate x").size());
    }

    @Test
    void callsKeepAGrainActive() {
        final Life life = cluster.grains().get(Life.class, "busy");
        for (int i = 0; i < 5; i++) {
            Await.result(life.touch());
            cluster.advance(Duration.ofMinutes(10));
        }
        assertEquals(1, events("activate busy").size());
        assertEquals(0, events("deactivate busy").size());
    }

    @Test
    void periodicTimerFiresOnVirtualTimeAndDiesWithTheActivation() {
        final Life life = cluster.grains().get(Life.class, "t");
        Await.result(life.tickEvery(1000));
        cluster.advance(Duration.ofMillis(10_500));
        assertEquals(10, Await.result(life.ticks()));
        assertEquals("tick t 1 @" + (t0 + 1000), events("tick").get(0));
        assertEquals("tick t 10 @" + (t0 + 10_000), events("tick").get(9));

        Await.result(life.retire());
        cluster.settle();
        assertEquals(0, cluster.activationCount());
        final int ticks = events("tick").size();
        cluster.advance(Duration.ofSeconds(30));
        assertEquals(ticks, events("tick").size(), "timers are cancelled on deactivation");
    }

    @Test
    void timersDoNotKeepAGrainActive() {
        final Life life = cluster.grains().get(Life.class, "idle-ticker");
        Await.result(life.tickEvery(60_000));
        cluster.advance(Duration.ofMinutes(20));
        assertEquals(0, cluster.activationCount());
        final int ticks = events("tick").size();
        assertTrue(ticks >= 14 && ticks <= 16, "ticks until collected: " + ticks);
    }

    @Test
    void oneShotTimer() {
        final Life life = cluster.grains().get(Life.class, "alarm");
        Await.result(life.alarmIn(5_000));
        cluster.advance(Duration.ofSeconds(4));
        assertEquals(List.of(), events("alarm"));
        cluster.advance(Duration.ofSeconds(10));
        assertEquals(List.of("alarm alarm @" + (t0 + 5_000)), events("alarm"));
    }

    @Test
    void deactivateOnIdleEndsTheActivationAfterTheTurn() {
        final Life life = cluster.grains().get(Life.class, "r");
        Await.result(life.touch());
        Await.result(life.retire());
        cluster.settle();
        assertEquals(0, cluster.activationCount());
        assertEquals(1, events("deactivate r").size());
        assertEquals(1, Await.result(life.touch()));
    }

    @Test
    void aFailingConstructorFailsThatCallAndTheNextCallTriesAgain() {
        LifeGrain.FAIL_CONSTRUCTIONS.set(1);
        final Life life = cluster.grains().get(Life.class, "fragile");
        final GrainException e = Await.failure(life.touch(), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertEquals("constructor refused life/fragile", e.errorMessage());
        assertEquals(0, cluster.activationCount());
        assertEquals(1, Await.result(life.touch()));
    }

    @Test
    void aFailingOnActivateFailsThatCallAndTheNextCallTriesAgain() {
        LifeGrain.FAIL_ACTIVATIONS.set(1);
        final Life life = cluster.grains().get(Life.class, "moody");
        final GrainException e = Await.failure(life.touch(), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertEquals("onActivate refused moody", e.errorMessage());
        assertEquals(1, Await.result(life.touch()));
        assertEquals(2, events("activate moody").size());
    }

    @Test
    void closeRunsDeactivationHooks() {
        final TestCluster other = TestCluster.builder().members(2).register(Life.class, LifeGrain::new).start();
        for (int i = 0; i < 10; i++) {
            Await.result(other.grains().get(Life.class, "c" + i).touch());
        }
        other.close();
        assertEquals(10, events("deactivate c").size());
    }
}
