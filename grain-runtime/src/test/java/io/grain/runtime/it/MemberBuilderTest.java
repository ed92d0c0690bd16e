package io.grain.runtime.it;

import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.membership.InJvmMembership;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GrainMember.builder()}: settings said once, the transport named once, and who closes what. */
class MemberBuilderTest {
    private static final UnsafeBuffer PROBE = new UnsafeBuffer(new byte[8]);

    @Test
    void aTransportAloneBringsItsMembershipAndIdAndTheMemberClosesItOnce() {
        final InJvmNetwork network = new InJvmNetwork();
        final Transport transport = network.open(4);
        assertSame(network.membership(), transport.membership());
        final GrainMember member = GrainMember.builder().shards(1).register(Counter.class, CounterGrain::new)
            .transport(transport).start();
        assertEquals(4, member.memberId());
        assertTrue(network.membership().view().contains(4), "joined the transport's membership");
        assertEquals(2, Await.result(member.grains().get(Counter.class, "t").add(2)));

        member.close();
        assertEquals(Transport.CLOSED, transport.send(4, PROBE, 0, 8), "the member owns the transport it was given");
        member.close();
        transport.close();
        assertFalse(network.membership().view().contains(4));
    }

    @Test
    void aTransportWithAnotherIdThanTheMemberIdSetIsRefusedAndClosed() {
        final Transport transport = new InJvmNetwork().open(2);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GrainMember.builder().transport(transport).memberId(3).start());
        assertTrue(e.getMessage().contains("transport belongs to member 2, not 3"), e.getMessage());
        assertEquals(Transport.CLOSED, transport.send(2, PROBE, 0, 8), "a failed start closes the transport it was given");
    }

    @Test
    void aTransportAndAMembershipOfItsOwnAreBothUsed() {
        final InJvmNetwork network = new InJvmNetwork();
        final InJvmMembership separate = new InJvmMembership();
        try (GrainMember member = GrainMember.builder().shards(1).register(Counter.class, CounterGrain::new)
                .transport(network.open(0), separate).start()) {
            assertTrue(separate.view().contains(member.memberId()));
            assertFalse(network.membership().view().contains(member.memberId()));
            assertEquals(1, Await.result(member.grains().get(Counter.class, "s").add(1)));
        }
    }

    @Test
    void startingLeavesTheSettingsAsTheyWereSoOneBuilderStartsTwoMembers() {
        final InJvmNetwork network = new InJvmNetwork();
        final GrainMember.Builder builder = GrainMember.builder().network(network).shards(1)
            .callTimeout(Duration.ofSeconds(5)).register(Counter.class, CounterGrain::new);
        try (GrainMember first = builder.start(); GrainMember second = builder.start()) {
            assertNotEquals(first.memberId(), second.memberId(), "each start takes the network's next id");
            assertEquals(2, network.membership().view().size());
            assertEquals(1, Await.result(first.grains().get(Counter.class, "k").add(1)));
            assertEquals(2, Await.result(second.grains().get(Counter.class, "k").add(1)));
        }
    }

    @Test
    void eachSettingIsCheckedWhenTheMemberStartsAndNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrainMember.builder().shards(0).start())
            .getMessage().contains("shards must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrainMember.builder().callTimeout(Duration.ZERO).start())
            .getMessage().contains("call timeout must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrainMember.builder().collectionAge(Duration.ofSeconds(-1)).start())
            .getMessage().contains("collection age must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrainMember.builder().memberId(-2).start())
            .getMessage().contains("memberId must not be negative"));
        final InJvmNetwork network = new InJvmNetwork();
        final Transport transport = network.open(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrainMember.builder().network(network).transport(transport).start())
            .getMessage().contains("both a transport and an in-JVM network"));
        assertEquals(0, network.membership().view().size(), "nothing joined on the way");
    }
}
