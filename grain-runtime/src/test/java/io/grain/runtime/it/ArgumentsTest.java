package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterDispatcher;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ArgumentsTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.builder().members(2).register(Counter.class, CounterGrain::new).start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static String keyOwnedBy(final int member) {
        final MembershipView view = new MembershipView(1, new int[] {0, 1});
        for (int i = 0; ; i++) {
            if (RendezvousPlacement.owner(GrainId.of(CounterDispatcher.KIND, "k" + i), view) == member) {
                return "k" + i;
            }
        }
    }

    @Test
    void aMutableArgumentIsCopiedEvenInsideOneMember() {
        final Counter local = cluster.grains(0).get(Counter.class, keyOwnedBy(0));
        final List<String> items = new ArrayList<>(List.of("a", "b"));
        assertEquals(3, Await.result(local.mutate(items)));
        assertEquals(List.of("a", "b"), items, "the callee changed its own copy");
    }

    @Test
    void immutableArgumentsAndResultsPassByReferenceInsideOneMember() {
        final Counter local = cluster.grains(0).get(Counter.class, keyOwnedBy(0));
        final Counter.Point point = new Counter.Point(1, 2, "here");
        assertSame(point, Await.result(local.echo(point)));
    }

    @Test
    void betweenMembersEverythingIsCopiedThroughTheCodec() {
        final Counter remote = cluster.grains(0).get(Counter.class, keyOwnedBy(1));
        final Counter.Point point = new Counter.Point(1, 2, "there");
        final Counter.Point back = Await.result(remote.echo(point));
        assertEquals(point, back);
        assertNotSame(point, back);
        final List<String> items = new ArrayList<>(List.of("a"));
        assertEquals(2, Await.result(remote.mutate(items)));
        assertEquals(List.of("a"), items);
    }

    @Test
    void grainReferencesAndAllKeyTypesWorkAcrossMembers() {
        final Counter viaLong = cluster.grains().get(Counter.class, 42L);
        final Counter viaUuid = cluster.grains().get(Counter.class, java.util.UUID.fromString("00000000-0000-0001-0000-000000000002"));
        for (int i = 0; i < 8; i++) {
            final Counter caller = cluster.grains(i % 2).get(Counter.class, "caller" + i);
            Await.result(caller.addVia(viaLong, 1));
            Await.result(caller.addVia(viaUuid, 2));
        }
        assertEquals(8, Await.result(viaLong.get()));
        assertEquals(16, Await.result(viaUuid.get()));
        for (int i = 0; i < 4; i++) {
            final Counter target = cluster.grains().get(Counter.class, "target" + i);
            final Counter self = Await.result(target.self());
            assertEquals(5, Await.result(self.add(5)));
            assertEquals(5, Await.result(target.get()));
        }
    }
}
