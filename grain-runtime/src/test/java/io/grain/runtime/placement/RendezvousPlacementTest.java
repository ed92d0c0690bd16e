package io.grain.runtime.placement;

import io.grain.runtime.GrainId;
import io.grain.runtime.membership.MembershipView;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RendezvousPlacementTest {
    private static final int GRAINS = 20_000;

    @Test
    void spreadsGrainsEvenly() {
        final MembershipView view = new MembershipView(1, new int[] {0, 1, 2, 3});
        final int[] counts = new int[4];
        for (int i = 0; i < GRAINS; i++) {
            counts[RendezvousPlacement.owner(GrainId.of("player", "p" + i), view)]++;
        }
        for (final int c : counts) {
            assertTrue(c > GRAINS / 4 * 0.9 && c < GRAINS / 4 * 1.1, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void onlyTheGoneMembersGrainsMove() {
        final MembershipView all = new MembershipView(1, new int[] {0, 1, 2, 3});
        final MembershipView without2 = all.without(2);
        for (int i = 0; i < GRAINS; i++) {
            final GrainId id = GrainId.of("player", (long)i);
            final int before = RendezvousPlacement.owner(id, all);
            final int after = RendezvousPlacement.owner(id, without2);
            if (before != 2) {
                assertEquals(before, after, id.toString());
            }
        }
    }

    @Test
    void aJoiningMemberOnlyTakesGrains() {
        final MembershipView three = new MembershipView(1, new int[] {0, 1, 2});
        final MembershipView four = three.with(3);
        int moved = 0;
        for (int i = 0; i < GRAINS; i++) {
            final GrainId id = GrainId.of("room", "r" + i);
            final int before = RendezvousPlacement.owner(id, three);
            final int after = RendezvousPlacement.owner(id, four);
            if (before != after) {
                assertEquals(3, after);
                moved++;
            }
        }
        assertTrue(moved > GRAINS / 4 * 0.9 && moved < GRAINS / 4 * 1.1, "moved " + moved);
    }

    @Test
    void emptyViewHasNoOwnerAndShardsAreInRange() {
        assertEquals(RendezvousPlacement.NO_MEMBER, RendezvousPlacement.owner(GrainId.of("a", "b"), MembershipView.EMPTY));
        for (int i = 0; i < 1000; i++) {
            final int shard = RendezvousPlacement.shard(GrainId.of("a", "k" + i), 3);
            assertTrue(shard >= 0 && shard < 3);
        }
    }
}
