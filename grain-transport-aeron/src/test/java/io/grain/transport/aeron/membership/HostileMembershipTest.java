package io.grain.transport.aeron.membership;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forged and broken membership records (as a buggy or hostile peer holding the cluster key could
 * send them) against the gossip protocol on a simulated network: each finding of issue 15 about
 * the membership table, one test each.
 */
class HostileMembershipTest {
    private static final List<String> SEEDS = List.of(SimulatedNetwork.endpoint(1));

    private static SimulatedNetwork threeMembers() {
        final SimulatedNetwork net = new SimulatedNetwork();
        net.start(1, 100, true, SEEDS);
        net.start(2, 200, true, SEEDS);
        net.start(3, 300, true, SEEDS);
        net.advanceMillis(500);
        assertEquals(List.of(1, 2, 3), net.hosting(1));
        return net;
    }

    /** Hands {@code bytes} to node {@code to} at once, as sent by {@code from}; decoding problems throw. */
    private static void receive(final SimulatedNetwork net, final int from, final int to, final byte[] bytes) {
        net.nodes.get(to).onControlMessage(from, new UnsafeBuffer(bytes), 0, bytes.length, net.nowNs);
    }

    private static void assertRefusedWhole(final SimulatedNetwork net, final byte[] bytes) {
        final ClusterView before = net.nodes.get(1).view();
        assertThrows(MalformedMessageException.class, () -> receive(net, 2, 1, bytes));
        assertEquals(before, net.nodes.get(1).view(), "nothing of a refused message is kept");
    }

    @Test
    void oneMembershipRecordWithInvalidUtf8IsRefusedAndTheTableStaysSendable() {
        final SimulatedNetwork net = threeMembers();
        final byte[] invalid = new byte[400];
        Arrays.fill(invalid, (byte)0xC3);   // a lead byte without its continuation, 400 times
        // before: 400 bytes decoded to 400 U+FFFD (1,200 bytes), which the table could never encode again
        assertRefusedWhole(net, Forge.gossip()
            .record(2, 200, MemberStatus.ALIVE, SimulatedNetwork.endpoint(2), "driver-2")
            .record(50, 500, MemberStatus.ALIVE, SimulatedNetwork.endpoint(50).getBytes(), invalid).bytes());
        assertNull(net.nodes.get(1).view().record(50));
        // the member can still send its whole table: its leave reaches the others
        net.nodes.get(1).leave(net.nowNs);
        net.advanceMillis(100);
        assertEquals(MemberStatus.LEFT, net.nodes.get(2).view().record(1).status());
        assertEquals(List.of(2, 3), net.hosting(3));
    }

    @Test
    void recordsWithUnparseableEndpointsAreRefusedWhenDecoded() {
        final SimulatedNetwork net = threeMembers();
        for (final String endpoint : List.of("127.0.0.1:x", ":7000", "127.0.0.1:-5", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:", "127.0.0.1", "", "evil|mtu=9000:7000", "a b:7000", "[::1:7000")) {
            assertRefusedWhole(net, Forge.gossip().record(60, 600, MemberStatus.ALIVE, endpoint, "driver-60").bytes());
        }
        receive(net, 2, 1, Forge.gossip().record(60, 600, MemberStatus.ALIVE, "[::1]:7000", "driver-60").bytes());
        assertEquals("[::1]:7000", net.nodes.get(1).view().record(60).endpoint(), "a bracketed IPv6 endpoint is fine");
    }

    @Test
    void memberIdsOutsideTheirRangeAreRefused() {
        final SimulatedNetwork net = threeMembers();
        assertRefusedWhole(net, Forge.gossip().record(-1, 600, MemberStatus.ALIVE, "10.0.0.9:7000", "d").bytes());
        assertRefusedWhole(net, Forge.gossip().record(1 << 24, 600, MemberStatus.ALIVE, "10.0.0.9:7000", "d").bytes());
    }

    @Test
    void oneFrameCannotLockAMemberIdOutWithALeftAtTheLargestIncarnation() {
        final SimulatedNetwork net = threeMembers();
        // the 55-byte frame of the finding: member 3 LEFT at Long.MAX_VALUE
        final byte[] lockout = Forge.gossip().record(3, Long.MAX_VALUE, MemberStatus.LEFT, SimulatedNetwork.endpoint(3), "driver-3").bytes();
        assertRefusedWhole(net, lockout);
        // within the codec's range but more than a day ahead of every clock
        final long farAhead = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(2);
        assertRefusedWhole(net, Forge.gossip().record(3, farAhead, MemberStatus.LEFT, SimulatedNetwork.endpoint(3), "driver-3").bytes());
        // plausible, but higher than member 3 ever announced: a rumour, refused and counted
        final long refusedBefore = net.nodes.get(1).refusedRecords();
        net.inject(2, 1, Forge.gossip().record(3, 301, MemberStatus.LEFT, SimulatedNetwork.endpoint(3), "driver-3").bytes());
        net.advanceMillis(500);
        assertEquals(refusedBefore + 1, net.nodes.get(1).refusedRecords());
        assertEquals(List.of(1, 2, 3), net.hosting(1));
        assertEquals(List.of(1, 2, 3), net.hosting(2));
        assertEquals(300, net.nodes.get(1).view().record(3).incarnation());
    }

    @Test
    void aMemberIdForgedLeftBeforeItJoinsStillJoins() {
        final SimulatedNetwork net = threeMembers();
        // nobody has heard from member 9 yet: the tombstone is taken, an hour ahead of its incarnation
        final long hourAhead = System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1);
        net.inject(2, 1, Forge.gossip().record(9, hourAhead, MemberStatus.LEFT, SimulatedNetwork.endpoint(9), "driver-9").bytes());
        net.advanceMillis(100);
        net.start(9, 900, true, SEEDS);
        net.advanceMillis(1500);
        for (final int id : List.of(1, 2, 3, 9)) {
            assertEquals(List.of(1, 2, 3, 9), net.hosting(id), "view of " + id);
        }
        assertTrue(net.nodes.get(9).self().incarnation() > hourAhead, "9 refuted the tombstone by going above it");
    }

    @Test
    void forgedRecordsCannotPushAMembersOwnIncarnationOutOfReach() {
        final SimulatedNetwork net = threeMembers();
        // before: 1 took Long.MAX_VALUE + 1 and could never refute again ("incarnation < 0")
        assertRefusedWhole(net, Forge.gossip().record(1, Long.MAX_VALUE, MemberStatus.ALIVE, SimulatedNetwork.endpoint(1), "driver-1").bytes());
        assertRefusedWhole(net, Forge.gossip().record(1, MemberRecord.MAX_INCARNATION, MemberStatus.DEAD, SimulatedNetwork.endpoint(1), "driver-1").bytes());
        assertEquals(100, net.nodes.get(1).self().incarnation());
        // the worst a rumour within the ceiling can do: 1 refutes above it, and can again
        final long hourAhead = System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1);
        net.inject(2, 1, Forge.gossip().record(1, hourAhead, MemberStatus.DEAD, SimulatedNetwork.endpoint(1), "driver-1").bytes());
        net.advanceMillis(500);
        assertEquals(hourAhead + 1, net.nodes.get(1).self().incarnation());
        net.inject(3, 1, Forge.gossip().record(1, hourAhead + 1, MemberStatus.LEFT, SimulatedNetwork.endpoint(1), "driver-1").bytes());
        net.advanceMillis(500);
        assertEquals(hourAhead + 2, net.nodes.get(1).self().incarnation());
        for (final int id : List.of(1, 2, 3)) {
            assertEquals(List.of(1, 2, 3), net.hosting(id), "view of " + id);
            assertTrue(net.nodes.get(id).view().version() > 0, "versions never overflow");
        }
    }

    @Test
    void aForgedLeftOrDeadRecordForALiveMemberIsRefutedAndItStaysInEveryonesView() {
        final SimulatedNetwork net = threeMembers();
        // at 3's own incarnation: indistinguishable from a real verdict, so taken, then refuted by 3
        net.inject(2, 1, Forge.gossip().record(3, 300, MemberStatus.LEFT, SimulatedNetwork.endpoint(3), "driver-3").bytes());
        net.inject(1, 2, Forge.gossip().record(3, 300, MemberStatus.DEAD, SimulatedNetwork.endpoint(3), "driver-3").bytes());
        net.advanceMillis(1000);
        for (final int id : List.of(1, 2, 3)) {
            assertEquals(List.of(1, 2, 3), net.hosting(id), "view of " + id);
            assertEquals(MemberStatus.ALIVE, net.nodes.get(id).view().record(3).status());
        }
        assertEquals(301, net.nodes.get(3).self().incarnation(), "3 refuted once");
        // and the same forgery sent to 3 itself
        net.inject(2, 3, Forge.gossip().record(3, 301, MemberStatus.LEFT, SimulatedNetwork.endpoint(3), "driver-3").bytes());
        net.advanceMillis(1000);
        for (final int id : List.of(1, 2, 3)) {
            assertEquals(List.of(1, 2, 3), net.hosting(id), "view of " + id);
        }
    }

    @Test
    void theMembershipTableIsBoundedAndTheExcessIsRefusedAndCounted() {
        final SimulatedNetwork net = new SimulatedNetwork();
        net.maxMembers = 16;
        net.start(1, 100, true, SEEDS);
        net.start(2, 200, true, SEEDS);
        net.advanceMillis(500);
        // one frame of 1,000 forged live members: more than the table may hold, refused whole
        final Forge flood = Forge.gossip();
        for (int i = 0; i < 1000; i++) {
            flood.record(1000 + i, 5, MemberStatus.ALIVE, "10.9.0." + (i % 250) + ":7000", "forged");
        }
        assertThrows(MalformedMessageException.class, () -> receive(net, 2, 1, flood.bytes()));
        // frames of a few forged members each fill the table up to its bound, and no further
        for (int frame = 0; frame < 8; frame++) {
            final Forge few = Forge.gossip();
            for (int i = 0; i < 10; i++) {
                few.record(2000 + frame * 10 + i, 5, MemberStatus.ALIVE, "10.9.1." + i + ":7000", "forged");
            }
            receive(net, 2, 1, few.bytes());
        }
        assertEquals(16, net.nodes.get(1).view().records().size());
        assertEquals(80 - 14, net.nodes.get(1).refusedRecords());
        // the forged members never speak: declared dead, then old tombstones make room for a real joiner
        net.advance(SimulatedNetwork.FAILURE_NS * (GossipMembership.TOMBSTONE_RETENTION_TIMEOUTS + 2));
        net.start(3, 300, true, SEEDS);
        net.advanceMillis(1000);
        assertEquals(List.of(1, 2, 3), net.hosting(1));
        assertEquals(List.of(1, 2, 3), net.hosting(3));
        assertTrue(net.nodes.get(1).view().records().size() <= 16);
    }
}
