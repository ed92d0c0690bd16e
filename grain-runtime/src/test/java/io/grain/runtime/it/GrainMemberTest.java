package io.grain.runtime.it;

import io.grain.runtime.member.Dispatchers;

import io.grain.runtime.dispatch.GrainMethod;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.grains.Alarm;
import io.grain.runtime.grains.AlarmGrain;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Life;
import io.grain.runtime.grains.LifeGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.storage.InMemoryStorage;
import io.grain.testing.TestCluster;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrainMemberTest {
    @Test
    void closeDeactivatesEverythingAndLaterCallsFailClearly() {
        Trace.reset();
        LifeGrain.FAIL_CONSTRUCTIONS.set(0);
        LifeGrain.FAIL_ACTIVATIONS.set(0);
        final GrainMember member = GrainMember.builder().shards(2).register(Life.class, LifeGrain::new).start();
        for (int i = 0; i < 8; i++) {
            assertEquals(1, Await.result(member.grains().get(Life.class, "m" + i).touch()));
        }
        member.close();
        assertEquals(8, Trace.events().stream().filter(e -> e.startsWith("deactivate m")).count());
        final GrainUnavailableException e = Await.failure(member.grains().get(Life.class, "m0").touch(),
            GrainUnavailableException.class);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void twoMembersInOneJvmShareANetwork() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember a = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start();
             GrainMember b = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(1, Await.result(a.grains().get(Counter.class, "n" + i).add(1)));
                assertEquals(2, Await.result(b.grains().get(Counter.class, "n" + i).add(1)), "the same activation from both members");
            }
        }
    }

    @Test
    void aRunningMemberThatDropsOutOfItsOwnViewGivesUpItsActivations() throws Exception {
        Trace.reset();
        LifeGrain.FAIL_CONSTRUCTIONS.set(0);
        LifeGrain.FAIL_ACTIVATIONS.set(0);
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember a = GrainMember.builder().network(network).shards(2).register(Life.class, LifeGrain::new).start();
             GrainMember b = GrainMember.builder().network(network).shards(2).register(Life.class, LifeGrain::new).start()) {
            String key = null;
            for (int i = 0; key == null; i++) {
                if (RendezvousPlacement.owner(GrainId.of("life", "v" + i), network.membership().view()) == a.memberId()) {
                    key = "v" + i;
                }
            }
            final String onA = key;
            assertEquals(1, Await.result(b.grains().get(Life.class, onA).touch()));
            assertEquals(2, Await.result(b.grains().get(Life.class, onA).touch()), "one activation, on a");

            // a is declared dead while it still runs (a partition, a false suspicion): b may host its grains now
            network.membership().crash(a.memberId());
            poll(() -> Trace.events().stream().anyMatch(e -> e.startsWith("deactivate " + onA + " ")));
            network.membership().join(a.memberId());

            assertEquals(1, Await.result(b.grains().get(Life.class, onA).touch()), "a fresh activation, not the one from before");
            assertEquals(1, Trace.events().stream().filter(e -> e.startsWith("deactivate " + onA + " ")).count(), Trace.events().toString());
        }
    }

    @Test
    void aReplyDecoderThatThrowsAnErrorStillCompletesTheCall() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember a = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start();
             GrainMember b = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start()) {
            // a key that b does not own, so its reply crosses the network and is decoded
            String key = null;
            for (int i = 0; key == null; i++) {
                if (RendezvousPlacement.owner(GrainId.of("counter", "d" + i), network.membership().view()) == a.memberId()) {
                    key = "d" + i;
                }
            }
            final GrainId target = GrainId.of("counter", key);
            final GrainMethod get = Dispatchers.of(Counter.class).methods().stream()
                .filter(m -> m.name().equals("get")).findFirst().orElseThrow();
            final CompletableFuture<Object> call = b.invoker().begin(target, get).request(reader -> {
                throw new AssertionError("decoder broke");
            });
            final AssertionError error = Await.failure(call, AssertionError.class);
            assertEquals("decoder broke", error.getMessage());
            assertEquals(0, Await.result(b.grains().get(Counter.class, key).get()), "the member keeps serving");
        }
    }

    @Test
    void invokerModeIsDrivenByTheApplicationsLoop() {
        try (GrainMember member = GrainMember.builder().threading(GrainMember.Threading.INVOKERS).shards(2)
                .register(Counter.class, CounterGrain::new).start()) {
            final List<AgentInvoker> invokers = member.agentInvokers();
            assertEquals(2, invokers.size());
            final CompletableFuture<Integer> f = member.grains().get(Counter.class, "loop").add(7);
            for (int i = 0; i < 10_000 && !f.isDone(); i++) {
                for (final AgentInvoker invoker : invokers) {
                    invoker.invoke();
                }
            }
            assertEquals(7, Await.result(f));
        }
    }

    @Test
    void longTurnsAreReportedWithGrainAndMethod() {
        final AtomicLong nanos = new AtomicLong();
        final List<String> reports = new CopyOnWriteArrayList<>();
        try (TestCluster cluster = TestCluster.builder()
                .register(Counter.class, CounterGrain::new)
                .configure(c -> c
                    .nanoClock(() -> nanos.addAndGet(Duration.ofMillis(150).toNanos()))
                    .longTurnThreshold(Duration.ofMillis(200))
                    .longTurnListener((GrainId grain, String what, long took) -> reports.add(grain + " " + what)))
                .start()) {
            Await.result(cluster.grains().get(Counter.class, "slow").add(1));
            assertTrue(reports.isEmpty(), reports.toString());
        }
        try (TestCluster cluster = TestCluster.builder()
                .register(Counter.class, CounterGrain::new)
                .configure(c -> c
                    .nanoClock(() -> nanos.addAndGet(Duration.ofMillis(300).toNanos()))
                    .longTurnThreshold(Duration.ofMillis(200))
                    .longTurnListener((GrainId grain, String what, long took) -> reports.add(grain + " " + what)))
                .start()) {
            Await.result(cluster.grains().get(Counter.class, "slow").add(1));
            assertTrue(reports.contains("counter/slow add(int)"), reports.toString());
            Await.result(cluster.grains().get(Counter.class, "slow").threadsAcross("other"));
            assertTrue(reports.contains("counter/slow continuation of threadsAcross(java.lang.String)"), reports.toString());
        }
    }

    @Test
    void closeLetsAnInFlightTurnFinish() throws Exception {
        Trace.reset();
        final GrainMember member = GrainMember.builder().shards(2).register(Turns.class, TurnsGrain::new).start();
        final Turns turns = member.grains().get(Turns.class, "busy");
        final CompletableFuture<String> inFlight = turns.hold("late");
        poll(() -> Trace.events().contains("start hold late"));
        final Thread closer = new Thread(member::close, "closer");
        closer.start();
        poll(() -> {
            final CompletableFuture<String> probe = member.grains().get(Turns.class, "busy").read("probe");
            try {
                probe.get(Await.BOUND_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                return false;
            } catch (final java.util.concurrent.ExecutionException e) {
                return e.getCause() instanceof GrainUnavailableException;
            }
        });
        Trace.open("late");
        assertEquals("busy:late", Await.result(inFlight));
        closer.join(Await.BOUND_SECONDS * 1000);
        assertTrue(!closer.isAlive());
    }

    @Test
    void closeGivesUpOnATurnThatNeverEndsAfterTheCloseTimeout() throws Exception {
        Trace.reset();
        final GrainMember member = GrainMember.builder().shards(1).closeTimeout(Duration.ofMillis(50))
            .register(Turns.class, TurnsGrain::new).start();
        final CompletableFuture<String> stuck = member.grains().get(Turns.class, "stuck").hold("never-opened");
        poll(() -> Trace.events().contains("start hold never-opened"));
        final Thread closer = new Thread(member::close, "closer");
        closer.start();
        closer.join(Await.BOUND_SECONDS * 1000);
        assertTrue(!closer.isAlive(), "close returned although the turn never ended");
        Await.failure(stuck, GrainUnavailableException.class);
        Await.failure(member.grains().get(Turns.class, "stuck").read("after"), GrainUnavailableException.class);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    @Test
    void aReminderTicksOnRealThreadsAndMovesToTheSurvivorWhenItsMemberCloses() throws Exception {
        Trace.reset();
        AlarmGrain.FAIL_TICKS.set(0);
        final InJvmNetwork network = new InJvmNetwork();
        try (InMemoryStorage storage = new InMemoryStorage()) {
            final GrainMember a = realMember(network, storage);
            final GrainMember b = realMember(network, storage);
            final GrainId id = GrainId.of("alarm", "real");
            final int owner = RendezvousPlacement.owner(id, network.membership().view());
            final GrainMember first = owner == a.memberId() ? a : b;
            final GrainMember survivor = first == a ? b : a;
            Await.result(survivor.grains().get(Alarm.class, "real").remind("r", 0, 20));
            poll(() -> first.counters().reminderTicks() >= 2);

            first.close();
            poll(() -> survivor.counters().reminderTicks() >= 2);
            survivor.close();
            assertTrue(Trace.events().stream().filter(e -> e.startsWith("tick real r @")).count() >= 4, Trace.events().toString());
            assertEquals(1, storage.reminderCount());
        }
    }

    private static GrainMember realMember(final InJvmNetwork network, final InMemoryStorage storage) {
        return GrainMember.builder().network(network).shards(2).storage(storage)
            .reminderMinimumPeriod(Duration.ofMillis(20)).reminderScanInterval(Duration.ofMillis(200))
            .register(Alarm.class, AlarmGrain::new).start();
    }

    /** Bounded polling: no sleeping, no timing assertions. */
    private static void poll(final Condition condition) throws Exception {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not reached within the safety bound");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
