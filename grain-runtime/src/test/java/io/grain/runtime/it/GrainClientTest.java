package io.grain.runtime.it;

import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberReply;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.Summary;
import io.grain.runtime.grains.SummaryGrain;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process that calls grains and hosts none, in this JVM: {@link GrainClient} on an {@link InJvmNetwork}. */
class GrainClientTest {
    private static final UnsafeBuffer PROBE = new UnsafeBuffer(new byte[8]);

    private static GrainMember member(final InJvmNetwork network) {
        return GrainMember.builder().network(network).shards(1)
            .register(Counter.class, CounterGrain::new)
            .register(Summary.class, SummaryGrain::new)
            .start();
    }

    @Test
    void aClientCallsGrainsOnTheMembersAndHostsNone() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember a = member(network); GrainMember b = member(network);
             GrainClient client = GrainClient.builder().network(network).connect()) {
            assertNotEquals(a.memberId(), client.clientId());
            assertNotEquals(b.memberId(), client.clientId());
            assertFalse(network.membership().view().contains(client.clientId()), "a client never joins the placement view");
            assertEquals(2, network.membership().view().size());
            for (int i = 0; i < 20; i++) {
                assertEquals(1, Await.result(client.grains().get(Counter.class, "c" + i).add(1)));
                assertEquals(2, Await.result(a.grains().get(Counter.class, "c" + i).add(1)),
                    "the client reached the same activation the members reach");
                final int owner = RendezvousPlacement.owner(GrainId.of("counter", "c" + i), network.membership().view());
                assertTrue(owner == a.memberId() || owner == b.memberId());
            }

            final List<MemberReply<String>> replies = Await.result(client.everyMember().call(Summary.class, "cache", Summary::who));
            assertEquals(List.of(a.memberId(), b.memberId()), replies.stream().map(MemberReply::member).toList(),
                "everyMember from a client reaches each member, not the client");
            assertTrue(replies.stream().allMatch(MemberReply::ok), replies.toString());
        }
    }

    @Test
    void aClientHasNothingToRegister() {
        final List<String> names = Arrays.stream(GrainClient.Builder.class.getMethods()).map(Method::getName).toList();
        assertFalse(names.contains("register"), "GrainClient.Builder has no register method: " + names);
        assertFalse(names.contains("storage"), names.toString());
        assertTrue(names.contains("network") && names.contains("transport") && names.contains("callTimeout"), names.toString());
    }

    @Test
    void aWrongConfigurationGetsAClearErrorAndClosesTheTransportGiven() {
        final IllegalArgumentException nowhere = assertThrows(IllegalArgumentException.class, () -> GrainClient.builder().connect());
        assertTrue(nowhere.getMessage().contains("network(..)"), nowhere.getMessage());

        final InJvmNetwork network = new InJvmNetwork();
        final Transport memberEndpoint = network.open(7);
        final IllegalArgumentException hosting = assertThrows(IllegalArgumentException.class,
            () -> GrainClient.builder().transport(memberEndpoint).connect());
        assertTrue(hosting.getMessage().contains("hosting") && hosting.getMessage().contains("openClient"), hosting.getMessage());
        assertEquals(Transport.CLOSED, memberEndpoint.send(7, PROBE, 0, 8), "the failed connect closed the transport it owned");

        final Transport clientEndpoint = network.openClient(8);
        final IllegalArgumentException client = assertThrows(IllegalArgumentException.class,
            () -> GrainMember.builder().register(Counter.class, CounterGrain::new).transport(clientEndpoint).start());
        assertTrue(client.getMessage().contains("GrainClient"), client.getMessage());
        assertEquals(Transport.CLOSED, clientEndpoint.send(8, PROBE, 0, 8));

        final IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
            () -> GrainClient.builder().network(network).shards(0).connect());
        assertTrue(shards.getMessage().contains("shards"), shards.getMessage());
        final IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
            () -> GrainClient.builder().network(network).transport(network.openClient(9)).connect());
        assertTrue(both.getMessage().contains("both a transport and an in-JVM network"), both.getMessage());
        final IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
            () -> GrainClient.builder().network(network).callTimeout(Duration.ZERO).connect());
        assertTrue(timeout.getMessage().contains("call timeout"), timeout.getMessage());
        assertEquals(0, network.membership().view().size(), "nothing joined on the way");
    }

    @Test
    void closeIsIdempotentFailsLaterCallsAndClosesTheTransport() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember member = member(network)) {
            final Transport endpoint = network.openClient(network.nextMemberId());
            final GrainClient client = GrainClient.builder().transport(endpoint).connect();
            assertEquals(endpoint.memberId(), client.clientId(), "the id is the transport's");
            assertEquals(3, Await.result(client.grains().get(Counter.class, "x").add(3)));
            client.close();
            client.close();
            final GrainUnavailableException closed = Await.failure(client.grains().get(Counter.class, "x").add(1),
                GrainUnavailableException.class);
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertEquals(Transport.CLOSED, endpoint.send(member.memberId(), PROBE, 0, 8), "the client closed the transport it owned");
            endpoint.close();
            assertEquals(3, Await.result(member.grains().get(Counter.class, "x").get()), "the member serves on");
        }
    }

    @Test
    void aClientWithItsOwnExecutorCompletesCallsThereAndLeavesItRunning() {
        final InJvmNetwork network = new InJvmNetwork();
        final AtomicInteger ran = new AtomicInteger();
        final Executor counting = command -> {
            ran.incrementAndGet();
            command.run();
        };
        try (GrainMember member = member(network);
             GrainClient client = GrainClient.builder().network(network).callbackExecutor(counting).connect()) {
            assertEquals(1, Await.result(client.grains().get(Counter.class, "e").add(1)));
            assertTrue(ran.get() >= 1, "the reply completed on the executor given");
        }
    }
}
