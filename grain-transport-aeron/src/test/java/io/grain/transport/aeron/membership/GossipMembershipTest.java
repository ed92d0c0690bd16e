package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MemberState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gossip protocol on a simulated network with virtual time: deterministic, no Aeron. */
class GossipMembershipTest {
    private static final List<String> SEEDS = List.of(SimulatedNetwork.endpoint(1));

    private static SimulatedNetwork threeMembers() {
        final SimulatedNetwork net = new SimulatedNetwork();
        net.start(1, 100, true, SEEDS);
        net.start(2, 200, true, SEEDS);
        net.start(3, 300, true, SEEDS);
        net.advanceMillis(500);
        return net;
    }

    private static void assertConverged(final SimulatedNetwork net, final List<Integer> hosting, final int... on) {
        final long version = net.nodes.get(on[0]).view().version();
        for (final int id : on) {
            assertEquals(hosting, net.hosting(id), "hosting view of " + id);
            assertEquals(version, net.nodes.get(id).view().version(), "version of " + id);
            assertEquals(net.nodes.get(on[0]).view().digest(), net.nodes.get(id).view().digest(), "digest of " + id);
        }
    }

    @Test
    void membersJoinThroughASeedAndConvergeOnOneVersionedView() {
        final SimulatedNetwork net = threeMembers();
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        assertEquals(100 * 3 + 200 * 3 + 300 * 3, net.nodes.get(1).view().version());
    }

    @Test
    void aSilentMemberIsDeclaredDeadByEveryoneWithinTheFailureTimeoutPlusAHeartbeat() {
        final SimulatedNetwork net = threeMembers();
        final long before = net.nodes.get(1).view().version();
        net.crash(3);
        net.advance(SimulatedNetwork.FAILURE_NS + SimulatedNetwork.HEARTBEAT_NS);
        assertConverged(net, List.of(1, 2), 1, 2);
        assertEquals(MemberStatus.DEAD, net.nodes.get(1).view().record(3).status());
        assertTrue(net.nodes.get(1).view().version() > before, "the version grows");
    }

    @Test
    void anImageLossWithoutLaterSignsOfLifeIsDetectedBeforeTheTimeout() {
        final SimulatedNetwork net = threeMembers();
        net.crash(3);
        net.nodes.get(1).onImageLost(3, net.nowNs);
        net.advance(SimulatedNetwork.GRACE_NS + 2 * SimulatedNetwork.STEP_NS);
        assertFalse(net.hosting(1).contains(3), "1 declared 3 dead after the image-loss grace");
        assertFalse(net.hosting(2).contains(3), "and told 2");
    }

    @Test
    void anImageLossFollowedByHeartbeatsIsForgiven() {
        final SimulatedNetwork net = threeMembers();
        net.nodes.get(1).onImageLost(3, net.nowNs);
        net.advance(SimulatedNetwork.FAILURE_NS * 3);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
    }

    @Test
    void aGracefulLeaveIsSeenAtOnce() {
        final SimulatedNetwork net = threeMembers();
        net.nodes.get(2).leave(net.nowNs);
        net.crash(2);
        net.advanceMillis(50);
        assertEquals(List.of(1, 3), net.hosting(1));
        assertEquals(List.of(1, 3), net.hosting(3));
        assertEquals(MemberStatus.LEFT, net.nodes.get(3).view().record(2).status());
    }

    @Test
    void aRestartedMemberJoinsAsANewIncarnation() {
        final SimulatedNetwork net = threeMembers();
        net.crash(3);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertEquals(List.of(1, 2), net.hosting(1));
        net.start(3, 301, true, SEEDS);
        net.advanceMillis(500);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        assertEquals(301, net.nodes.get(2).view().record(3).incarnation());
    }

    @Test
    void aMemberRestartedBeforeDetectionSupersedesItsOldIncarnation() {
        final SimulatedNetwork net = threeMembers();
        net.crash(3);
        net.start(3, 301, true, SEEDS);
        net.advanceMillis(500);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        assertEquals(301, net.nodes.get(1).view().record(3).incarnation());
    }

    @Test
    void aSeedRestartedWithoutSeedsOfItsOwnFindsTheClusterAgain() {
        final SimulatedNetwork net = new SimulatedNetwork();
        net.start(1, 100, true, List.of());
        net.start(2, 200, true, SEEDS);
        net.start(3, 300, true, SEEDS);
        net.advanceMillis(500);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        net.crash(1);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertEquals(List.of(2, 3), net.hosting(2));
        net.start(1, 101, true, List.of());
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
    }

    @Test
    void aFalselySuspectedMemberRefutesWithAHigherIncarnation() {
        final SimulatedNetwork net = threeMembers();
        net.partition(1, 3);
        net.partition(2, 3);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertEquals(List.of(1, 2), net.hosting(1));
        net.heal();
        net.advance(SimulatedNetwork.FAILURE_NS * 3);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        assertTrue(net.nodes.get(1).view().record(3).incarnation() > 300, "3 came back as a higher incarnation");
    }

    @Test
    void aPartitionBetweenTwoMembersHealsIntoOneView() {
        final SimulatedNetwork net = threeMembers();
        net.partition(1, 2);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        net.heal();
        net.advance(SimulatedNetwork.FAILURE_NS * 4);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
    }

    @Test
    void clientsAreMembersOfTheTableButNotOfThePlacementView() {
        final SimulatedNetwork net = threeMembers();
        net.start(9, 900, false, SEEDS);
        net.advanceMillis(500);
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3, 9);
        assertTrue(net.nodes.get(1).view().isAlive(9), "the client is alive in the table");
        net.crash(9);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertFalse(net.nodes.get(1).view().isAlive(9), "a dead client is detected too");
    }

    @Test
    void declaringAMemberDeadSpreads() {
        final SimulatedNetwork net = threeMembers();
        net.crash(2);
        net.nodes.get(1).declareDead(2, net.nowNs);
        net.advanceMillis(30);
        assertEquals(List.of(1, 3), net.hosting(3));
    }

    @Test
    void heartbeatsOfAnotherMemberWithAForeignRecordAreMalformed() {
        final SimulatedNetwork net = threeMembers();
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer();
        final int length = GossipCodec.encodeHeartbeat(buffer, 0, 0,
            new MemberRecord(3, 300, MemberStatus.ALIVE, true, SimulatedNetwork.endpoint(3), "driver-3"));
        assertThrows(MalformedMessageException.class, () -> net.nodes.get(1).onControlMessage(2, buffer, 0, length, net.nowNs));
        assertNotEquals(0, net.delivered);
    }

    private static String role(final SimulatedNetwork net, final int on, final int of) {
        return net.nodes.get(on).view().record(of).state().get("role");
    }

    @Test
    void aStateSetByOneMemberReachesEveryMemberAndTheNewestVersionWins() {
        final SimulatedNetwork net = threeMembers();
        final long version = net.nodes.get(1).view().version();
        final MemberState first = MemberState.EMPTY.with("role", "gateway");
        net.nodes.get(2).publishState(first, net.nowNs);
        net.advanceMillis(20);
        for (final int id : List.of(1, 2, 3)) {
            assertEquals("gateway", role(net, id, 2), "state of 2 seen by " + id);
        }
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
        assertEquals(version, net.nodes.get(3).view().version(), "a state moves no grain");
        final MemberState second = first.with("role", "lobby").with("zone", "eu");
        net.nodes.get(2).publishState(second, net.nowNs);
        net.nodes.get(2).publishState(first, net.nowNs);
        net.advanceMillis(20);
        for (final int id : List.of(1, 2, 3)) {
            assertEquals(second, net.nodes.get(id).view().record(2).state(), "newest state of 2 seen by " + id);
        }
        assertEquals(List.of(1, 2, 3), net.nodes.get(3).view().members().stream().map(ClusterMember::id).toList());
    }

    @Test
    void anOlderStateArrivingLateIsIgnored() {
        final SimulatedNetwork net = threeMembers();
        final MemberState v1 = MemberState.EMPTY.with("role", "old");
        final MemberState v2 = v1.with("role", "new");
        net.nodes.get(2).publishState(v2, net.nowNs);
        net.advanceMillis(20);
        final MemberRecord stale = net.nodes.get(2).self().withState(v1);
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer();
        final int length = GossipCodec.encodeGossip(buffer, 0, false, new ClusterView(List.of(stale)));
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        net.inject(2, 1, bytes);
        net.inject(3, 1, bytes);
        net.advanceMillis(20);
        assertEquals("new", role(net, 1, 2));
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
    }

    @Test
    void aMemberThatMissedThePushLearnsTheStateFromAnotherMembersTable() {
        final SimulatedNetwork net = threeMembers();
        net.partition(2, 3);
        net.nodes.get(2).publishState(MemberState.EMPTY.with("role", "gateway"), net.nowNs);
        net.advanceMillis(20);
        assertEquals("gateway", role(net, 1, 2));
        net.advance(2 * SimulatedNetwork.HEARTBEAT_NS);
        assertEquals("gateway", role(net, 3, 2), "3 got it from 1: digests differ, tables are exchanged");
        assertTrue(net.hosting(3).contains(2), "within the failure timeout 2 is still alive for 3");
    }

    @Test
    void aMembersStateIsGoneWhenItDiesAndKeptWhenItRefutes() {
        final SimulatedNetwork net = threeMembers();
        net.nodes.get(3).publishState(MemberState.EMPTY.with("role", "game"), net.nowNs);
        net.nodes.get(2).publishState(MemberState.EMPTY.with("role", "lobby"), net.nowNs);
        net.advanceMillis(20);
        net.partition(1, 3);
        net.partition(2, 3);
        net.advance(SimulatedNetwork.FAILURE_NS * 2);
        assertEquals(MemberState.EMPTY, net.nodes.get(1).view().record(3).state(), "a DEAD record carries no state");
        assertEquals(List.of(1, 2), net.nodes.get(1).view().members().stream().map(ClusterMember::id).toList());
        net.heal();
        net.advance(SimulatedNetwork.FAILURE_NS * 3);
        assertEquals("game", role(net, 1, 3), "3 came back as a new incarnation with its state");

        net.crash(2);
        net.advance(SimulatedNetwork.FAILURE_NS + SimulatedNetwork.HEARTBEAT_NS);
        assertEquals(List.of(1, 3), net.nodes.get(3).view().members().stream().map(ClusterMember::id).toList());
        assertEquals(MemberState.EMPTY, net.nodes.get(3).view().record(2).state());
    }

    @Test
    void aForgedNewerStateOfAMemberIsOutlivedByItsNextIncarnation() {
        final SimulatedNetwork net = threeMembers();
        net.nodes.get(2).publishState(MemberState.EMPTY.with("role", "real"), net.nowNs);
        net.advanceMillis(20);
        final MemberRecord real = net.nodes.get(2).self();
        final MemberRecord forged = real.withState(MemberState.of(Long.MAX_VALUE, java.util.Map.of("role", "forged")));
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer();
        final int length = GossipCodec.encodeGossip(buffer, 0, false, new ClusterView(List.of(forged)));
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        net.inject(3, 1, bytes);
        net.advance(SimulatedNetwork.FAILURE_NS);
        for (final int id : List.of(1, 2, 3)) {
            assertEquals("real", role(net, id, 2), "state of 2 seen by " + id);
        }
        assertTrue(net.nodes.get(1).view().record(2).incarnation() > real.incarnation(), "2 refuted with a new incarnation");
        assertConverged(net, List.of(1, 2, 3), 1, 2, 3);
    }
}
