package io.grain.transport.aeron;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberReply;
import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MemberState;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.grains.Tally;
import io.grain.transport.aeron.grains.TallyGrain;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grain members in this JVM over Aeron: UDP on loopback, and IPC on a shared driver. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GrainMembersOverAeronTest {
    private static final Duration CALL = Duration.ofSeconds(10);

    /** A member hosting tallies, or a client; either owns its transport (closing it closes the transport). */
    private static final class Node implements AutoCloseable {
        final AeronTransport transport;
        final GrainMember member;
        final GrainClient client;

        Node(final AeronTransport.Context ctx) {
            transport = AeronTransport.launch(ctx);
            final int id = transport.memberId();
            member = GrainMember.builder()
                .shards(1)
                .callTimeout(CALL)
                .transport(transport)
                .register(Tally.class, c -> new TallyGrain(c, id))
                .start();
            client = null;
        }

        /** A client: calls tallies, hosts none. */
        Node(final AeronTransport.Context ctx, final boolean client) {
            transport = AeronTransport.launch(ctx.client(client));
            member = null;
            this.client = GrainClient.builder().callTimeout(CALL).transport(transport).connect();
        }

        Tally tally(final String key) {
            return (member != null ? member.grains() : client.grains()).get(Tally.class, key);
        }

        @Override
        public void close() {
            CloseHelper.quietCloseAll(member, client);
        }
    }

    private static int expectedOwner(final String key, final AeronTransport t) {
        return RendezvousPlacement.owner(GrainId.of("tally", key), t.membership().view());
    }

    private static void awaitHosting(final List<Node> nodes, final int... ids) {
        final int[] want = ids.clone();
        Arrays.sort(want);
        Await.until(TestMembers.CONVERGE,
            () -> nodes.stream().allMatch(n -> Arrays.equals(TestMembers.members(n.transport.membership().view()), want)),
            () -> "views " + nodes.stream().map(n -> n.transport.clusterView().toString()).toList() + ", want " + Arrays.toString(want));
    }

    private static void closeAll(final List<Node> nodes) {
        for (final Node n : nodes) {
            n.close();
        }
    }

    @Test
    void aKeySetByOneMemberReachesTheOthersOverUdpAndGoesWhenItCloses() {
        final List<Node> nodes = new ArrayList<>();
        try {
            final Node n0 = new Node(TestMembers.context(0, "127.0.0.1:0"));
            nodes.add(n0);
            final String seed = n0.transport.endpoint();
            final Node n1 = new Node(TestMembers.context(1, "127.0.0.1:0").seeds(seed));
            nodes.add(n1);
            final Node client = new Node(TestMembers.context(5, "127.0.0.1:0").seeds(seed), true);
            nodes.add(client);
            awaitHosting(nodes, 0, 1);
            Await.until(TestMembers.CONVERGE, () -> n0.member.cluster().members().size() == 3,
                () -> "members seen by 0: " + n0.member.cluster().members());

            n1.member.cluster().setKey("role", "game");
            n1.member.cluster().setKey("gateway", "127.0.0.1:9001");
            n0.member.cluster().setKey("role", "lobby");
            Await.until(TestMembers.CONVERGE, () -> "game".equals(role(n0, 1)) && "lobby".equals(role(n1, 0))
                && "127.0.0.1:9001".equals(n0.member.cluster().member(1).get("gateway")),
                () -> "members seen by 0: " + n0.member.cluster().members() + ", by 1: " + n1.member.cluster().members());
            final ClusterMember seenClient = n0.member.cluster().member(5);
            assertFalse(seenClient.hosting(), "a client is listed, as a client");
            assertEquals(MemberState.EMPTY, seenClient.state());
            assertThrows(IllegalArgumentException.class,
                () -> n1.member.cluster().setKey("role", "x".repeat(MemberState.MAX_VALUE_BYTES + 1)));
            assertThrows(IllegalArgumentException.class, () -> n1.transport.membership().publishState(0, MemberState.EMPTY),
                "a member publishes only its own state");

            n1.member.cluster().removeKey("gateway");
            Await.until(TestMembers.CONVERGE, () -> n0.member.cluster().member(1).get("gateway") == null,
                () -> "members seen by 0: " + n0.member.cluster().members());
            assertEquals("game", role(n0, 1));

            n1.close();
            Await.until(TestMembers.CONVERGE, () -> n0.member.cluster().member(1) == null,
                () -> "members seen by 0: " + n0.member.cluster().members());
        } finally {
            closeAll(nodes);
        }
    }

    private static String role(final Node on, final int of) {
        final ClusterMember m = on.member.cluster().member(of);
        return m == null ? null : m.get("role");
    }

    @Test
    void callsAcrossThreeMembersOverUdpThenOneClosesAndOneCrashes() {
        final List<Node> nodes = new ArrayList<>();
        try {
            final Node n0 = new Node(TestMembers.context(0, "127.0.0.1:0"));
            nodes.add(n0);
            final String seed = n0.transport.endpoint();
            final Node n1 = new Node(TestMembers.context(1, "127.0.0.1:0").seeds(seed));
            nodes.add(n1);
            final Node n2 = new Node(TestMembers.context(2, "127.0.0.1:0").seeds(seed));
            nodes.add(n2);
            awaitHosting(nodes, 0, 1, 2);

            final Set<Integer> hosts = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                final String key = "k" + i;
                final int host = n0.tally(key).host().join();
                assertEquals(expectedOwner(key, n0.transport), host, key);
                assertEquals(host, (int)n2.tally(key).host().join(), "every member routes " + key + " to one owner");
                hosts.add(host);
            }
            assertEquals(Set.of(0, 1, 2), hosts, "rendezvous spreads 30 keys over all three members");
            assertEquals(5, n1.tally("sum").add(5).join());
            assertEquals(12, n2.tally("sum").add(7).join());

            final byte[] big = new byte[12_000];
            new java.util.Random(1).nextBytes(big);
            final String remoteKey = keyOwnedBy(n0.transport, 2);
            assertArrayEquals(big, n0.tally(remoteKey).echo(big).join(), "a message of many MTUs is reassembled");
            final byte[] mebibyte = new byte[1024 * 1024];
            new java.util.Random(2).nextBytes(mebibyte);
            assertArrayEquals(mebibyte, n0.tally(remoteKey).echo(mebibyte).join(),
                "a 1 MiB argument and a 1 MiB reply go in chunks of frames and come back whole");
            final byte[] counted = n1.tally(remoteKey).bytes(1024 * 1024).join();
            assertEquals(1024 * 1024, counted.length);
            final int max = AeronTransport.Context.DEFAULT_MAX_MESSAGE_SIZE;
            final CompletionException tooLarge = assertThrows(CompletionException.class,
                () -> n0.tally(remoteKey).echo(new byte[max]).join());
            assertTrue(String.valueOf(tooLarge.getCause()).contains("exceeds the maximum message size of " + max + " bytes"),
                String.valueOf(tooLarge.getCause()));
            final CompletionException replyTooLarge = assertThrows(CompletionException.class,
                () -> n0.tally(remoteKey).bytes(max).join(), "a reply over the limit is an error, not a wait for the timeout");
            assertTrue(replyTooLarge.getCause() instanceof io.grain.runtime.GrainException, String.valueOf(replyTooLarge.getCause()));
            assertTrue(replyTooLarge.getCause().getMessage().contains("exceeds the maximum message size of " + max + " bytes"),
                replyTooLarge.getCause().getMessage());
            assertEquals(1000, n0.tally(remoteKey).bytes(1000).join().length);

            // the runtime's counters reach the transport's (AeronStat) counters of the member that ran the calls
            Await.until(TestMembers.CONVERGE, () -> n2.transport.countersSnapshot().get("calls") >= 4
                    && n2.transport.countersSnapshot().get("call errors") >= 1
                    && n2.transport.countersSnapshot().get("activations") == n2.member.counters().activations()
                    && n2.member.counters().activations() >= 1,
                () -> "runtime counters published: " + n2.transport.countersSnapshot() + " " + n2.member.counters());

            final String keyOf2 = keyOwnedBy(n0.transport, 2);
            n2.member.close();
            nodes.remove(n2);
            awaitHosting(nodes, 0, 1);
            assertEquals(expectedOwner(keyOf2, n0.transport), (int)n0.tally(keyOf2).host().join(),
                "the closed member's grain reactivates on a survivor");

            final String keyOf1 = keyOwnedBy(n0.transport, 1);
            n1.transport.kill();
            awaitHosting(List.of(n0), 0);
            assertEquals(0, n0.tally(keyOf1).host().join(), "the crashed member's grain reactivates on the survivor");
            assertTrue(n0.transport.countersSnapshot().get("members declared dead") >= 1);
        } finally {
            closeAll(nodes);
        }
    }

    private static String keyOwnedBy(final AeronTransport t, final int member) {
        for (int i = 0; ; i++) {
            final String key = "owned-by-" + member + "-" + i;
            if (expectedOwner(key, t) == member) {
                return key;
            }
        }
    }

    @Test
    void aCallWaitingOnAMemberThatRestartsBeforeItsCrashIsDetectedDoesNotWaitForItsTimeout() {
        final List<Node> nodes = new ArrayList<>();
        try {
            // detection is slow here, so only the new incarnation can end the waiting call
            final Node n0 = new Node(TestMembers.context(0, "127.0.0.1:0").failureTimeout(60, TimeUnit.SECONDS)
                .imageLossGrace(60, TimeUnit.SECONDS));
            nodes.add(n0);
            final Node n1 = new Node(TestMembers.context(1, "127.0.0.1:0").seeds(n0.transport.endpoint())
                .failureTimeout(60, TimeUnit.SECONDS));
            nodes.add(n1);
            awaitHosting(nodes, 0, 1);
            final String keyOf1 = keyOwnedBy(n0.transport, 1);
            assertEquals(1, n0.tally(keyOf1).host().join());
            final long incarnation = n0.transport.clusterView().record(1).incarnation();

            n1.transport.kill();
            final java.util.concurrent.CompletableFuture<Integer> waiting = n0.tally(keyOf1 + "-later").host();
            final java.util.concurrent.CompletableFuture<Integer> waitingOn1 = n0.tally(keyOf1).host();
            final Node again = new Node(TestMembers.context(1, n1.transport.endpoint()).seeds(n0.transport.endpoint())
                .incarnation(incarnation + 1));
            nodes.add(again);
            Await.until(TestMembers.CONVERGE, waitingOn1::isDone, () -> "the call waiting on the old incarnation ended");
            assertAnsweredOrUnavailable(waitingOn1, List.of(1), "the call waiting on the old incarnation");
            awaitHosting(List.of(n0, again), 0, 1);
            assertEquals(1, n0.tally(keyOf1).host().join(), "the new incarnation hosts the grain");
            Await.until(TestMembers.CONVERGE, waiting::isDone, () -> "every call ended");
            // whichever member it went to, it ended well before its timeout: answered by a live member, or unavailable
            assertAnsweredOrUnavailable(waiting, List.of(0, 1), "the call made while member 1 was down");
        } finally {
            closeAll(nodes);
        }
    }

    /** {@code call} is done: answered by one of {@code hosts}, or failed as unavailable (never a timeout or another error). */
    private static void assertAnsweredOrUnavailable(final java.util.concurrent.CompletableFuture<Integer> call,
                                                    final List<Integer> hosts, final String what) {
        try {
            final int host = call.join();
            assertTrue(hosts.contains(host), what + " answered by member " + host + ", not one of " + hosts);
        } catch (final CompletionException ex) {
            assertTrue(ex.getCause() instanceof io.grain.runtime.GrainUnavailableException, what + ": " + ex.getCause());
        }
    }

    @Test
    void membersSharingADriverTalkOverIpc() {
        final String dir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, "grain-test-ipc-" + UUID.randomUUID()).getPath();
        final List<Node> nodes = new ArrayList<>();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true))) {
            // the members close before their driver (the inner finally): a transport thread still running
            // on the counters of a closed driver crashes the JVM (seen under load: SIGSEGV in AtomicCounter.setRelease)
            try {
                final Node n0 = new Node(TestMembers.context(10, "127.0.0.1:0").aeronDirectoryName(driver.aeronDirectoryName()));
                nodes.add(n0);
                final String seed = n0.transport.endpoint();
                for (int id = 11; id <= 12; id++) {
                    nodes.add(new Node(TestMembers.context(id, "127.0.0.1:0").aeronDirectoryName(driver.aeronDirectoryName()).seeds(seed)));
                }
                awaitHosting(nodes, 10, 11, 12);
                for (final Node a : nodes) {
                    for (final Node b : nodes) {
                        if (a != b) {
                            Await.until(TestMembers.CONVERGE, () -> a.transport.channelTo(b.transport.memberId()) != null,
                                () -> "a peer " + a.transport.memberId() + " -> " + b.transport.memberId());
                            final String channel = a.transport.channelTo(b.transport.memberId());
                            assertNotNull(channel);
                            assertTrue(channel.startsWith("aeron:ipc"), a.transport.memberId() + " -> " + b.transport.memberId() + ": " + channel);
                        }
                    }
                }
                final Set<Integer> hosts = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    hosts.add(nodes.get(i % 3).tally("ipc-" + i).host().join());
                }
                assertEquals(Set.of(10, 11, 12), hosts);
                nodes.get(2).transport.kill();
                awaitHosting(nodes.subList(0, 2), 10, 11);
                assertEquals(expectedOwner("after-crash", n0.transport), (int)n0.tally("after-crash").host().join());
            } finally {
                closeAll(nodes);
            }
        } finally {
            IoUtil.delete(new File(dir), true);
        }
        assertFalse(new File(dir).exists());
    }

    @Test
    void aClientCallsGrainsWithoutHostingAny() {
        final List<Node> nodes = new ArrayList<>();
        try {
            final Node n0 = new Node(TestMembers.context(0, "127.0.0.1:0"));
            nodes.add(n0);
            final String seed = n0.transport.endpoint();
            nodes.add(new Node(TestMembers.context(1, "127.0.0.1:0").seeds(seed)));
            final Node client = new Node(TestMembers.context(50, "127.0.0.1:0").seeds(seed), true);
            nodes.add(client);
            awaitHosting(nodes, 0, 1);
            Await.until(TestMembers.CONVERGE, () -> n0.transport.clusterView().isAlive(50), () -> "client known");
            final Set<Integer> hosts = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                hosts.add(client.tally("c" + i).host().join());
            }
            assertEquals(Set.of(0, 1), hosts, "the client hosts nothing");
            final List<MemberReply<Integer>> everyMember = client.client.everyMember()
                .call(Tally.class, "per-member", Tally::host).join();
            assertEquals(List.of(0, 1), everyMember.stream().map(MemberReply::value).toList(),
                "everyMember from a client reaches each hosting member, not the client");

            client.close();
            client.close();
            nodes.remove(client);
            Await.until(TestMembers.CONVERGE, () -> !n0.transport.clusterView().isAlive(50), () -> "client left: " + n0.transport.clusterView());
            final CompletionException closed = assertThrows(CompletionException.class, () -> client.tally("c0").host().join());
            assertInstanceOf(GrainUnavailableException.class, closed.getCause(), "a closed client takes no calls");
            assertEquals(Transport.CLOSED, client.transport.send(0, new UnsafeBuffer(new byte[8]), 0, 8),
                "closing the client closed the transport it owns");
        } finally {
            closeAll(nodes);
        }
    }

    @Test
    void aMemberTransportIsRefusedByAClientAndAClientTransportByAMemberAndBothAreClosed() {
        final AeronTransport hosting = AeronTransport.launch(TestMembers.context(60, "127.0.0.1:0"));
        final IllegalArgumentException notAClient = assertThrows(IllegalArgumentException.class,
            () -> GrainClient.builder().transport(hosting).connect());
        assertTrue(notAClient.getMessage().contains("client(true)"), notAClient.getMessage());
        assertEquals(Transport.CLOSED, hosting.send(60, new UnsafeBuffer(new byte[8]), 0, 8),
            "the client owned the transport from connect(), so the failed connect closed it");

        final AeronTransport client = AeronTransport.launch(TestMembers.context(61, "127.0.0.1:0").client(true));
        final IllegalArgumentException notAMember = assertThrows(IllegalArgumentException.class,
            () -> GrainMember.builder().register(Tally.class, c -> new TallyGrain(c, 61)).transport(client).start());
        assertTrue(notAMember.getMessage().contains("GrainClient"), notAMember.getMessage());
        assertEquals(Transport.CLOSED, client.send(61, new UnsafeBuffer(new byte[8]), 0, 8));
    }
}
