package io.grain.metrics.micrometer;

import io.grain.metrics.micrometer.grains.Greeter;
import io.grain.metrics.micrometer.grains.GreeterGrain;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.storage.InMemoryStorage;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.TransportCounters;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two members over Aeron on loopback: the transport's counters as meters, read live. */
class TransportMetersTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(open.get(i));
        }
    }

    private static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AeronTransport transport(final int id, final String endpoint, final String seed) {
        final AeronTransport.Context context = new AeronTransport.Context().memberId(id).endpoint(endpoint);
        if (seed != null) {
            context.seeds(seed);
        }
        final AeronTransport transport = AeronTransport.launch(context);
        open.add(transport);
        return transport;
    }

    @Test
    void transportCountersAreMetersAndMoveWithTraffic() {
        final String e0 = "127.0.0.1:" + freePort();
        final String e1 = "127.0.0.1:" + freePort();
        final AeronTransport t0 = transport(0, e0, null);
        final AeronTransport t1 = transport(1, e1, e0);
        final InMemoryStorage storage = new InMemoryStorage();
        open.add(storage);
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TransportMeters.bind(registry, t0.counters(), 0);
        final GrainMember m0 = GrainMember.builder().shards(1).storage(storage).register(Greeter.class, GreeterGrain::new)
            .transport(t0, t0.membership()).start();
        open.add(m0);
        final GrainMember m1 = GrainMember.builder().shards(1).storage(storage).register(Greeter.class, GreeterGrain::new)
            .transport(t1, t1.membership()).start();
        open.add(m1);
        final long deadline = System.nanoTime() + BOUND_NANOS;
        while (!(t0.membership().view().contains(1) && t1.membership().view().contains(0))) {
            assertTrue(System.nanoTime() < deadline, "the two members never saw each other");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertEquals(2.0, registry.get("grain.transport.live.members").tags("member", "0").gauge().value());
        final double sentBefore = sent(registry);
        final String key = keyOn(1, t0);
        assertTrue(m0.grains().get(Greeter.class, key).hello("x").orTimeout(30, TimeUnit.SECONDS).join().startsWith("hello x"));
        assertTrue(sent(registry) > sentBefore, "a call to member 1 sent messages");
        assertEquals((double)t0.counters().get(TransportCounters.Id.BYTES_SENT).get(),
            registry.get("grain.transport.bytes.sent").functionCounter().count(), "read from the Aeron counter itself");
        assertThrows(RuntimeException.class, () -> registry.get("grain.transport.calls").functionCounter(),
            "the runtime's counters are GrainMeters', not repeated here");
    }

    private static double sent(final SimpleMeterRegistry registry) {
        final RequiredSearch search = registry.get("grain.transport.messages.sent").tags("member", "0");
        return search.functionCounter().count();
    }

    private static String keyOn(final int member, final AeronTransport transport) {
        for (int i = 0; ; i++) {
            if (RendezvousPlacement.owner(GrainId.of("greeter", "k" + i), transport.membership().view()) == member) {
                return "k" + i;
            }
        }
    }
}
