package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.grains.Life;
import io.grain.runtime.grains.LifeGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsDispatcher;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        Trace.reset();
        LifeGrain.FAIL_CONSTRUCTIONS.set(0);
        LifeGrain.FAIL_ACTIVATIONS.set(0);
        cluster = TestCluster.builder().members(3)
            .register(Life.class, LifeGrain::new)
            .register(Turns.class, TurnsGrain::new)
            .start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private int host(final String key) {
        final int[] before = new int[cluster.size()];
        for (int m = 0; m < cluster.size(); m++) {
            before[m] = cluster.isAlive(m) ? cluster.activationCount(m) : 0;
        }
        Await.result(cluster.grains().get(Life.class, key).touch());
        for (int m = 0; m < cluster.size(); m++) {
            if (cluster.isAlive(m) && cluster.activationCount(m) > before[m]) {
                return m;
            }
        }
        throw new AssertionError("no member activated " + key);
    }

    private static long count(final String event) {
        return Trace.events().stream().filter(e -> e.startsWith(event)).count();
    }

    @Test
    void grainsSpreadOverMembersAndComeBackOnSurvivorsAfterACrash() {
        final Map<String, Integer> hosts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            hosts.put("g" + i, host("g" + i));
        }
        assertTrue(cluster.activationCount(0) > 0 && cluster.activationCount(1) > 0 && cluster.activationCount(2) > 0,
            "every member hosts some of 30 grains");
        cluster.kill(1);
        for (final String key : hosts.keySet()) {
            Await.result(cluster.grains().get(Life.class, key).touch());
        }
        for (final Map.Entry<String, Integer> e : hosts.entrySet()) {
            final String key = e.getKey();
            final boolean moved = e.getValue() == 1;
            assertEquals(moved ? 2 : 1, count("activate " + key + " "), key);
            assertEquals(0, count("deactivate " + key + " "), "a crash runs no hooks: " + key);
        }
        assertEquals(30, cluster.activationCount());
    }

    @Test
    void callsToACrashedMemberFailFast() {
        final MembershipView all = new MembershipView(1, new int[] {0, 1, 2});
        String key = null;
        for (int i = 0; key == null; i++) {
            if (RendezvousPlacement.owner(GrainId.of(TurnsDispatcher.KIND, "t" + i), all) == 1) {
                key = "t" + i;
            }
        }
        final CompletableFuture<String> pending = cluster.grains(0).get(Turns.class, key).hold("forever");
        cluster.settle();
        assertEquals("start hold forever", Trace.events().get(0));
        cluster.kill(1);
        final GrainUnavailableException e = Await.failure(pending, GrainUnavailableException.class);
        assertTrue(e.getMessage().contains("member 1"), e.getMessage());
        // calls entering through the dead member fail too
        Await.failure(cluster.grains(1).get(Life.class, "x").touch(), GrainUnavailableException.class);
    }

    @Test
    void theCallsOfACrashedMemberFailEachWithItsOwnException() {
        final MembershipView all = new MembershipView(1, new int[] {0, 1, 2});
        final java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; keys.size() < 2; i++) {
            if (RendezvousPlacement.owner(GrainId.of(TurnsDispatcher.KIND, "c" + i), all) == 1) {
                keys.add("c" + i);
            }
        }
        // two outside callers of member 1 wait on its grains when it crashes
        final CompletableFuture<String> first = cluster.grains(1).get(Turns.class, keys.get(0)).hold("forever");
        final CompletableFuture<String> second = cluster.grains(1).get(Turns.class, keys.get(1)).hold("forever");
        cluster.settle();
        cluster.kill(1);
        final GrainUnavailableException a = Await.failure(first, GrainUnavailableException.class);
        final GrainUnavailableException b = Await.failure(second, GrainUnavailableException.class);
        assertNotSame(a, b, "never one exception instance shared between callers");
    }

    @Test
    void aJoiningMemberTakesOverSomeGrains() {
        for (int i = 0; i < 30; i++) {
            Await.result(cluster.grains().get(Life.class, "j" + i).touch());
        }
        final int added = cluster.addMember();
        assertEquals(3, added);
        final long handedOver = count("deactivate j");
        assertTrue(handedOver > 0, "some grains moved to the new member");
        for (int i = 0; i < 30; i++) {
            Await.result(cluster.grains().get(Life.class, "j" + i).touch());
        }
        assertEquals(handedOver, cluster.activationCount(3));
        assertEquals(30, cluster.activationCount());
    }
}
