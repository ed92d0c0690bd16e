package io.grain.metrics.micrometer;

import io.grain.metrics.micrometer.grains.Greeter;
import io.grain.metrics.micrometer.grains.GreeterGrain;
import io.grain.runtime.GrainMember;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.storage.InMemoryStorage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrainMetersTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private GrainMember member(final MeterRegistry registry, final InJvmNetwork network, final InMemoryStorage storage) {
        final GrainMember member = GrainMember.builder().network(network).shards(2).storage(storage).observer(new GrainMeters(registry))
            .register(Greeter.class, GreeterGrain::new).start();
        open.add(member);
        return member;
    }

    private static String join(final java.util.concurrent.CompletableFuture<String> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void callsTurnsActivationsStorageAndCountersBecomeMeters() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final InMemoryStorage storage = new InMemoryStorage();
        open.add(storage);
        final GrainMember member = member(registry, new InJvmNetwork(), storage);
        final String id = Integer.toString(member.memberId());
        final Greeter alice = member.grains().get(Greeter.class, "alice");
        for (int i = 1; i <= 3; i++) {
            assertEquals("hello bob #" + i, join(alice.hello("bob")));
        }
        assertThrows(CompletionException.class, () -> alice.fail("no").orTimeout(20, TimeUnit.SECONDS).join());
        join(member.grains().get(Greeter.class, "carol").hello("dan"));

        final Timer ok = registry.get(GrainMeters.CALLS).tags("member", id, "kind", "greeter", "method", "hello", "outcome", "ok").timer();
        assertEquals(4, ok.count());
        assertTrue(ok.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(1, registry.get(GrainMeters.CALLS).tags("method", "fail", "outcome", "error").timer().count());
        assertEquals(0, registry.get(GrainMeters.CALLS).tags("method", "hello", "outcome", "error").timer().count());
        assertTrue(registry.get(GrainMeters.TURNS).tags("kind", "greeter").timer().count() >= 5);
        assertEquals(2.0, registry.get(GrainMeters.ACTIVATIONS).tags("kind", "greeter").gauge().value());
        assertEquals(2, registry.get(GrainMeters.STORAGE).tags("operation", "readState", "outcome", "ok").timer().count());
        assertEquals(4, registry.get(GrainMeters.STORAGE).tags("operation", "writeState", "outcome", "ok").timer().count());
        final FunctionCounter started = registry.get(GrainMeters.MEMBER_PREFIX + "calls.started").tags("member", id).functionCounter();
        assertEquals(member.counters().calls(), (long)started.count(), "read from the member's counters, not counted twice");
        assertEquals(member.counters().callErrors(), (long)registry.get(GrainMeters.MEMBER_PREFIX + "call.errors").functionCounter().count());
        final Gauge queue = registry.get(GrainMeters.SHARD_QUEUE).tags("member", id, "shard", "1").gauge();
        assertNotNull(queue);
        assertTrue(queue.value() >= 0);

        member.close();
        assertEquals(0.0, registry.get(GrainMeters.ACTIVATIONS).tags("kind", "greeter").gauge().value(), "closing deactivates both");
    }

    @Test
    void membersSharingARegistryAreToldApartByTheirMemberTag() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final InMemoryStorage storage = new InMemoryStorage();
        open.add(storage);
        final InJvmNetwork network = new InJvmNetwork();
        final GrainMember a = member(registry, network, storage);
        final GrainMember b = member(registry, network, storage);
        for (int i = 0; i < 20; i++) {
            join(a.grains().get(Greeter.class, "g" + i).hello("x"));
        }
        final double onA = registry.get(GrainMeters.CALLS).tags("member", Integer.toString(a.memberId()), "method", "hello", "outcome", "ok")
            .timer().count();
        final double onB = registry.get(GrainMeters.CALLS).tags("member", Integer.toString(b.memberId()), "method", "hello", "outcome", "ok")
            .timer().count();
        assertEquals(20, onA + onB, "each call is counted once, by the member that served it");
        assertTrue(onA > 0 && onB > 0, "placement spread twenty grains over both members: " + onA + "/" + onB);
    }

    @Test
    void oneMetersObservesOneMember() {
        final GrainMeters meters = new GrainMeters(new SimpleMeterRegistry());
        final InJvmNetwork network = new InJvmNetwork();
        open.add(GrainMember.builder().network(network).shards(1).observer(meters).register(Greeter.class, GreeterGrain::new).start());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> GrainMember.builder().network(network).shards(1).observer(meters).register(Greeter.class, GreeterGrain::new).start());
        assertTrue(e.getMessage().contains("give each member its own"), e.getMessage());
    }

    @Test
    void prometheusShowsTheCallHistogramPerKindAndMethod() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final InMemoryStorage storage = new InMemoryStorage();
        open.add(storage);
        final GrainMember member = member(registry, new InJvmNetwork(), storage);
        join(member.grains().get(Greeter.class, "p").hello("q"));
        final String text = registry.scrape();
        final String labels = "kind=\"greeter\",member=\"" + member.memberId() + "\",method=\"hello\",outcome=\"ok\"";
        assertTrue(text.contains("grain_calls_seconds_count{" + labels + "} 1"), text);
        assertTrue(text.contains("grain_calls_seconds_bucket{" + labels + ",le=\"+Inf\"} 1"), "a histogram for latency quantiles");
        assertTrue(text.contains("grain_member_calls_started_total{member=\"" + member.memberId() + "\"}"), text);
        assertTrue(text.contains("grain_shard_queue_messages{member=\"" + member.memberId() + "\",shard=\"0\"}"), text);
        assertTrue(text.contains("grain_turns_seconds_bucket{kind=\"greeter\""), text);
        assertTrue(text.contains("grain_activations{kind=\"greeter\",member=\"" + member.memberId() + "\"} 1"), text);
    }
}
