package io.grain.transport.aeron;

import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.IdleProfile;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.transport.aeron.grains.Tally;
import io.grain.transport.aeron.grains.TallyGrain;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How received messages reach a member over Aeron: straight from the transport's duty cycle to the
 * shard they are for (never relayed by shard 0), a one-shard member running that duty cycle on its
 * shard's thread, and every idle profile serving calls.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectDeliveryTest {
    private static final Duration CALL = Duration.ofSeconds(10);

    /** A member hosting tallies on a recorded transport. */
    private static GrainMember member(final RecordingTransport transport, final int shards, final IdleProfile profile,
        final boolean transportOnShard) {
        final int id = transport.memberId();
        return GrainMember.builder().shards(shards).callTimeout(CALL).idleProfile(profile)
            .transportOnShard(transportOnShard).transport(transport)
            .register(Tally.class, c -> new TallyGrain(c, id)).start();
    }

    /** A transport on a free loopback port, joining through {@code seeds}. */
    private static RecordingTransport launch(final int id, final String... seeds) {
        return new RecordingTransport(AeronTransport.launch(TestMembers.context(id, "127.0.0.1:0").seeds(seeds)));
    }

    private static void awaitBoth(final RecordingTransport a, final RecordingTransport b) {
        Await.until(TestMembers.CONVERGE, () -> a.membership().view().size() == 2 && b.membership().view().size() == 2
            && a.inner.clusterView().record(b.memberId()) != null && b.inner.clusterView().record(a.memberId()) != null,
            () -> "views " + a.membership().view() + " / " + b.membership().view());
    }

    /** A key that {@code owner} hosts on its shard {@code shard} of {@code shards}. */
    private static String keyOn(final int owner, final int shard, final int shards, final MembershipView view) {
        for (int i = 0; ; i++) {
            final String key = "k" + i;
            final GrainId id = GrainId.of("tally", key);
            if (RendezvousPlacement.owner(id, view) == owner && RendezvousPlacement.shard(id, shards) == shard) {
                return key;
            }
        }
    }

    private static boolean threadNamed(final String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    @Test
    void requestsAndRepliesGoStraightToTheirShardsNotThroughShardZero() {
        final RecordingTransport ta = launch(11);
        final RecordingTransport tb = launch(12, ta.inner.endpoint());
        GrainMember a = null;
        GrainMember b = null;
        try {
            a = member(ta, 2, IdleProfile.BALANCED, true);
            b = member(tb, 2, IdleProfile.BALANCED, true);
            awaitBoth(ta, tb);
            final MembershipView view = ta.membership().view();
            // a grain on a's shard 1 calls a grain on b's shard 1; b's reply must come back to a's shard 1
            final String onA = keyOn(11, 1, 2, view);
            final String onB = keyOn(12, 1, 2, view);
            for (int i = 0; i < 50; i++) {
                final byte[] data = {(byte)i, 2, 3};
                assertArrayEquals(data, a.grains().get(Tally.class, onA).echoVia(onB, data).join());
            }
            assertEquals(12, a.grains().get(Tally.class, onB).host().join());
            for (final RecordingTransport t : List.of(ta, tb)) {
                assertEquals(0, t.polled.get(), "member " + t.memberId() + " polled messages through shard 0");
                assertTrue(t.received.get() >= 50, "member " + t.memberId() + " received " + t.received.get());
                final Set<Thread> threads = t.receivingThreads;
                assertEquals(1, threads.size(), "received on " + threads);
                assertEquals("grain-aeron-" + t.memberId(), threads.iterator().next().getName(),
                    "with two shards the transport's own thread hands messages to the shards");
            }
            assertFalse(ta.inner.dutyCycleHandedOver());
        } finally {
            CloseHelper.quietCloseAll(a, b, ta, tb);
        }
    }

    @Test
    void aOneShardMemberRunsTheTransportOnItsShardThread() {
        final RecordingTransport ta = launch(21);
        final RecordingTransport tb = launch(22, ta.inner.endpoint());
        GrainMember a = null;
        GrainMember b = null;
        try {
            a = member(ta, 1, IdleProfile.BALANCED, true);
            b = member(tb, 2, IdleProfile.BALANCED, true);
            awaitBoth(ta, tb);
            assertTrue(ta.inner.dutyCycleHandedOver());
            assertFalse(tb.inner.dutyCycleHandedOver(), "two shards keep the transport's own thread");
            assertFalse(threadNamed("grain-aeron-21"), "the one-shard member's transport thread has stopped");
            assertTrue(threadNamed("grain-aeron-22"));
            final MembershipView view = ta.membership().view();
            final String onA = keyOn(21, 0, 1, view);
            final String onB = keyOn(22, 1, 2, view);
            final String shardThread = a.grains().get(Tally.class, onA).threadName().join();
            for (int i = 0; i < 20; i++) {
                final byte[] data = {(byte)i};
                // out of a through its shard thread, and into it: b's grain calls a's, a's grain calls b's
                assertArrayEquals(data, b.grains().get(Tally.class, onB).echoVia(onA, data).join());
                assertArrayEquals(data, a.grains().get(Tally.class, onA).echoVia(onB, data).join());
            }
            assertEquals(0, ta.polled.get());
            assertTrue(ta.received.get() >= 40);
            assertEquals(Set.of(shardThread), Set.copyOf(ta.receivingThreads.stream().map(Thread::getName).toList()),
                "the transport hands messages over on the thread that runs the member's grains");
            assertNotEquals("grain-aeron-21", shardThread);
        } finally {
            CloseHelper.quietCloseAll(a, b, ta, tb);
        }
        assertFalse(threadNamed("grain-aeron-21"));
    }

    @Test
    void aOneShardMemberKeepsItsTransportThreadByDefault() {
        final RecordingTransport ta = launch(31);
        try (GrainMember a = GrainMember.builder().shards(1).callTimeout(CALL).transport(ta)
            .register(Tally.class, c -> new TallyGrain(c, 31)).start()) {
            assertFalse(ta.inner.dutyCycleHandedOver(), "grain turns must not hold the heartbeats");
            assertTrue(threadNamed("grain-aeron-31"));
            assertEquals(31, a.grains().get(Tally.class, "x").host().join());
        }
        final RecordingTransport tb = launch(32);
        try (GrainMember b = member(tb, 1, IdleProfile.BALANCED, false)) {
            assertFalse(tb.inner.dutyCycleHandedOver());
            assertTrue(threadNamed("grain-aeron-32"));
            assertEquals(32, b.grains().get(Tally.class, "x").host().join());
        }
    }

    @Test
    void aClientRunsItsTransportOnItsShardThread() {
        final RecordingTransport tm = launch(41);
        final AeronTransport tc = AeronTransport.launch(TestMembers.context(42, "127.0.0.1:0").seeds(tm.inner.endpoint())
            .client(true));
        GrainMember m = null;
        GrainClient c = null;
        try {
            m = member(tm, 2, IdleProfile.BALANCED, true);
            c = GrainClient.builder().callTimeout(CALL).transport(tc).connect();
            assertTrue(tc.dutyCycleHandedOver(), "a client has one shard by default");
            final GrainClient client = c;
            Await.until(TestMembers.CONVERGE, () -> client.grains() != null && tc.membership().view().size() == 1,
                () -> "client view " + tc.membership().view());
            assertEquals(41, c.grains().get(Tally.class, "y").host().join());
        } finally {
            CloseHelper.quietCloseAll(c, m, tc, tm);
        }
    }

    @Test
    void everyIdleProfileServesCallsAndReachesTheTransport() {
        for (final IdleProfile profile : IdleProfile.values()) {
            final RecordingTransport ta = launch(51);
            final RecordingTransport tb = launch(52, ta.inner.endpoint());
            GrainMember a = null;
            GrainMember b = null;
            try {
                a = member(ta, 1, profile, true);
                b = member(tb, 2, profile, true);
                awaitBoth(ta, tb);
                assertEquals(profile, ta.inner.idleProfile());
                assertEquals(profile, tb.inner.idleProfile());
                final MembershipView view = ta.membership().view();
                final String onA = keyOn(51, 0, 1, view);
                final String onB = keyOn(52, 0, 2, view);
                for (int i = 1; i <= 20; i++) {
                    assertEquals(i, a.grains().get(Tally.class, onB).add(1).join(), profile + " a -> b");
                    assertEquals(i, b.grains().get(Tally.class, onA).add(1).join(), profile + " b -> a");
                }
            } finally {
                CloseHelper.quietCloseAll(a, b, ta, tb);
            }
        }
    }
}
