package io.grain.runtime.it;

import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainMember;
import io.grain.runtime.IdleProfile;
import io.grain.runtime.ProfileIdleStrategy;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.transport.InJvmNetwork;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle profiles: each one builds a member and a client that serve calls; a strategy of the user's still works. */
class IdleProfileTest {
    @ParameterizedTest
    @EnumSource(IdleProfile.class)
    void eachProfileServesOutsideAndGrainToGrainCalls(final IdleProfile profile) {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember member = GrainMember.builder().network(network).shards(2).idleProfile(profile)
                 .register(Counter.class, CounterGrain::new).start();
             GrainClient client = GrainClient.builder().network(network).idleProfile(profile).connect()) {
            for (int i = 1; i <= 50; i++) {
                assertEquals(i, member.grains().get(Counter.class, "a").add(1).join());
                // a grain calling another (on either shard), and a client's call through the network
                assertEquals(i, member.grains().get(Counter.class, "b").addVia(member.grains().get(Counter.class, "c"), 1).join());
                assertEquals(i, client.grains().get(Counter.class, "d").add(1).join());
            }
        }
    }

    @Test
    void aStrategyOfTheUsersReplacesTheProfileForTheShards() {
        final AtomicInteger made = new AtomicInteger();
        try (GrainMember member = GrainMember.builder().shards(2).idleStrategy(() -> {
            made.incrementAndGet();
            return new BackoffIdleStrategy();
        }).register(Counter.class, CounterGrain::new).start()) {
            assertEquals(3, member.grains().get(Counter.class, "a").add(3).join());
            assertEquals(2, made.get(), "one strategy per shard");
        }
    }

    @Test
    void aProfileIsRequired() {
        assertThrows(NullPointerException.class, () -> GrainMember.builder().idleProfile(null));
        assertThrows(NullPointerException.class, () -> GrainClient.builder().idleProfile(null));
    }

    @Test
    void balancedIsTheDefault() {
        assertSame(IdleProfile.BALANCED, IdleProfile.DEFAULT);
        for (final IdleProfile p : IdleProfile.values()) {
            assertTrue(p.minParkNanos() <= p.busyMaxParkNanos() && p.busyMaxParkNanos() <= p.idleMaxParkNanos(), p.name());
        }
    }

    @Test
    void wakeUnparksAThreadParkedWithWorkToDo() throws Exception {
        // LOW_CPU parks up to 10 ms when idle; the loop ends only when the flag is set, so the test shows
        // that a thread parked in the strategy goes on after wake() (whichever way it woke)
        final ProfileIdleStrategy strategy = IdleProfile.LOW_CPU.newStrategy(ProfileIdleStrategy.NEVER, ProfileIdleStrategy.NEVER);
        final AtomicBoolean work = new AtomicBoolean();
        final CountDownLatch idling = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread thread = new Thread(() -> {
            idling.countDown();
            while (!work.get()) {
                strategy.idle(0);
            }
            strategy.idle(1);
            done.countDown();
        });
        thread.start();
        assertTrue(idling.await(Await.BOUND_SECONDS, TimeUnit.SECONDS));
        work.set(true);
        strategy.wake();
        assertTrue(done.await(Await.BOUND_SECONDS, TimeUnit.SECONDS));
        thread.join();
    }

    @Test
    void aProfileCanBeSwitchedWhileItIsUsed() {
        final ProfileIdleStrategy strategy = IdleProfile.BALANCED.newStrategy(ProfileIdleStrategy.NEVER, ProfileIdleStrategy.NEVER);
        for (int i = 0; i < 500; i++) {
            strategy.idle(0);
        }
        strategy.use(IdleProfile.LOW_LATENCY, () -> true, () -> true);
        assertSame(IdleProfile.LOW_LATENCY, strategy.profile());
        // work waiting: the strategy never sleeps through it
        for (int i = 0; i < 5000; i++) {
            strategy.idle(0);
        }
        final IdleStrategy plain = IdleProfile.LOW_CPU.newStrategy();
        plain.idle(0);
        plain.reset();
        assertEquals("grain-low_cpu", plain.alias());
    }
}
