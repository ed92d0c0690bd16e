package io.grain.runtime.it;

import io.grain.runtime.GrainCluster;
import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.InJvmMembership;
import io.grain.runtime.membership.MemberState;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Member state in one JVM: what a member sets every member reads; gone with the member; bounded. */
class MemberStateClusterTest {
    @Test
    void aKeySetByOneMemberIsSeenByEveryMemberAndGoesWithIt() {
        try (TestCluster cluster = TestCluster.builder().members(3).register(Counter.class, CounterGrain::new).start()) {
            cluster.cluster(0).setKey("role", "gateway");
            cluster.cluster(2).setKey("role", "game");
            for (int i = 0; i < 3; i++) {
                final GrainCluster seen = cluster.cluster(i);
                assertEquals(List.of(0, 1, 2), seen.members().stream().map(ClusterMember::id).toList());
                assertEquals("gateway", seen.member(0).get("role"));
                assertNull(seen.member(1).get("role"));
                assertEquals("game", seen.member(2).get("role"));
                assertTrue(seen.member(1).hosting());
            }
            cluster.cluster(0).setKey("role", "lobby");
            cluster.cluster(2).removeKey("role");
            assertEquals("lobby", cluster.cluster(1).member(0).get("role"));
            assertEquals(2, cluster.cluster(1).member(0).state().version());
            assertNull(cluster.cluster(1).member(2).get("role"));

            cluster.kill(0);
            assertNull(cluster.cluster(1).member(0), "a crashed member and its state are gone");
            assertEquals(List.of(1, 2), cluster.cluster(2).members().stream().map(ClusterMember::id).toList());
            cluster.cluster(0).setKey("role", "ghost");
            assertNull(cluster.cluster(1).member(0), "a dead member's late change is not taken");

            final int added = cluster.addMember();
            assertEquals(MemberState.EMPTY, cluster.cluster(1).member(added).state(), "a new member starts empty");
        }
    }

    @Test
    void aChangeOutOfBoundsFailsAndSpreadsNothing() {
        try (TestCluster cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new).start()) {
            cluster.cluster(0).setKey("role", "gateway");
            assertThrows(IllegalArgumentException.class,
                () -> cluster.cluster(0).setKey("role", "x".repeat(MemberState.MAX_VALUE_BYTES + 1)));
            assertThrows(IllegalArgumentException.class, () -> cluster.cluster(0).setKey("", "x"));
            assertEquals("gateway", cluster.cluster(1).member(0).get("role"));
            assertEquals(1, cluster.cluster(1).member(0).state().version());
            assertEquals(cluster.cluster(0).ownState(), cluster.cluster(1).member(0).state());
        }
    }

    @Test
    void anOlderVersionIsIgnored() {
        final InJvmMembership membership = new InJvmMembership();
        membership.join(4);
        final MemberState newer = MemberState.EMPTY.with("role", "a").with("role", "b");
        membership.publishState(4, newer);
        membership.publishState(4, MemberState.EMPTY.with("role", "old"));
        assertEquals(newer, membership.members().get(0).state());
        membership.publishState(5, newer);
        assertEquals(1, membership.members().size(), "the state of a member that never joined is not taken");
        membership.leave(4);
        assertEquals(List.of(), membership.members());
    }

    @Test
    void grainMembersOnOneNetworkSeeEachOthersKeysAndAClosedMemberGoes() {
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember a = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start()) {
            final GrainMember b = GrainMember.builder().network(network).shards(1).register(Counter.class, CounterGrain::new).start();
            b.cluster().setKey("gateway", "10.0.0.7:9000");
            assertEquals("10.0.0.7:9000", a.cluster().member(b.memberId()).get("gateway"));
            assertEquals(b.memberId(), b.cluster().selfId());
            b.close();
            assertNull(a.cluster().member(b.memberId()));
            assertEquals(List.of(a.memberId()), a.cluster().members().stream().map(ClusterMember::id).toList());
        }
    }
}
