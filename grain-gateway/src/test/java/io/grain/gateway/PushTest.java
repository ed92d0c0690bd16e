package io.grain.gateway;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.JwtAuthenticator;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.push.Presence;
import io.grain.gateway.push.PushCounter;
import io.grain.gateway.push.Pushes;
import io.grain.gateway.schema.GrainSchemas;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.Poll;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import io.grain.gateway.testing.Dealer;
import io.grain.gateway.testing.DealerGrain;
import io.grain.gateway.testing.TableEvents;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.InJvmNetwork;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.grain.gateway.support.GatewayFixture.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushes through a typed observer cross the cluster: a grain on member A pushes to a player
 * connected to member B's gateway, the push finds the player after it moves to another gateway,
 * and a push to a player who is not connected, or whose gateway's member died, is dropped and
 * counted, never an error for the grain.
 */
class PushTest {
    private static final ServiceDescriptor TABLE_EVENTS = GrainSchemas.service(GrainSchemas.load(TableEvents.class), "TableEvents");
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int D = 3;

    /** Four members (grains on A, gateways on B and C, D plain), every one registered for pushes. */
    private static final class PushCluster implements AutoCloseable {
        final InJvmNetwork network = new InJvmNetwork();
        final GrainMember[] members = new GrainMember[4];
        final GatewayServer[] gateways = new GatewayServer[4];
        final JwtIssuer issuer = new JwtIssuer(GatewayFixture.SECRET, GatewayFixture.ISSUER);
        final EventLoopGroup clientGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("push-test-clients", true));
        final List<TestClient> clients = new ArrayList<>();

        PushCluster() {
            this(Duration.ofMillis(200));
        }

        PushCluster(final Duration sessionGrace) {
            for (int i = 0; i < members.length; i++) {
                members[i] = Pushes.register(GrainMember.builder().network(network).shards(2)
                    .register(Dealer.class, DealerGrain::new))
                    .start();
            }
            for (final int i : new int[] {B, C}) {
                gateways[i] = GatewayServer.builder()
                    .member(members[i])
                    .expose(Dealer.class)
                    .observer(TableEvents.class)              // its schema, p/TableEvents.desc, from the processor
                    .authenticator(new JwtAuthenticator(GatewayFixture.SECRET, GatewayFixture.ISSUER))
                    .authorizer(Authorizers.allowAll())
                    .limits(GatewayLimits.builder().sessionGrace(sessionGrace).build())
                    .presenceRefresh(Duration.ofMillis(100))
                    .webSocket(new InetSocketAddress("127.0.0.1", 0))
                    .tcp(new InetSocketAddress("127.0.0.1", 0))
                    .threads(1)
                    .start();
            }
        }

        TestClient login(final Wire wire, final int gateway, final String player) {
            final TestClient client = TestClient.connect(wire, gateways[gateway].webSocketAddress(), gateways[gateway].tcpAddress(),
                clientGroup);
            clients.add(client);
            client.login(issuer.issue(player, Duration.ofMinutes(5)), player);
            return client;
        }

        /** A dealer grain that placement puts on member {@code member}. */
        Dealer dealerOn(final int member) {
            final int[] ids = new int[members.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = members[i].memberId();
            }
            final MembershipView view = new MembershipView(1, ids);
            for (int k = 0; ; k++) {
                if (RendezvousPlacement.owner(GrainId.of("dealer", "d" + k), view) == members[member].memberId()) {
                    return members[A].grains().get(Dealer.class, "d" + k);
                }
            }
        }

        /** A principal whose presence grain placement puts on member {@code member}. */
        String principalPlacedOn(final int member) {
            final int[] ids = new int[members.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = members[i].memberId();
            }
            final MembershipView view = new MembershipView(1, ids);
            for (int k = 0; ; k++) {
                if (RendezvousPlacement.owner(GrainId.of("grain.presence", "p" + k), view) == members[member].memberId()) {
                    return "p" + k;
                }
            }
        }

        int presence(final String principal) {
            return members[A].grains().get(Presence.class, principal).member().join();
        }

        void awaitPresence(final String principal, final int member) {
            Poll.until(principal + " present at member " + members[member].memberId(),
                () -> presence(principal) == members[member].memberId());
        }

        long dropped() {
            long sum = 0;
            for (final GrainMember member : members) {
                sum += Pushes.counters(member).get(PushCounter.PUSHES_DROPPED);
            }
            return sum;
        }

        @Override
        public void close() {
            for (final TestClient client : clients) {
                client.close();
            }
            for (final GatewayServer gateway : gateways) {
                if (gateway != null) {
                    gateway.close();
                }
            }
            for (final GrainMember member : members) {
                member.close();
            }
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Descriptor message(final String rpc) {
        return TABLE_EVENTS.findMethodByName(rpc).getInputType();
    }

    private static DynamicMessage assertPush(final TestClient client, final long seq, final String method) {
        final ServerFrame frame = client.next();
        assertTrue(frame.hasPush(), () -> "expected a Push, got " + frame);
        assertEquals(seq, frame.getPush().getSeq());
        assertEquals("table_events", frame.getPush().getObserver());
        assertEquals(method, frame.getPush().getMethod());
        return client.pushMessage(frame, message(method));
    }

    private static void assertDealt(final TestClient client, final long seq, final String table, final int round) {
        final DynamicMessage dealt = assertPush(client, seq, "Dealt");
        assertEquals(table, field(dealt, "table"));
        assertEquals(round, field(dealt, "round"));
        assertEquals(List.of("card" + round, "card" + (round + 1)), field(dealt, "cards"));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aGrainOnOneMemberPushesInOrderToAPlayerAtAnotherMembersGateway(final Wire wire) {
        try (PushCluster cluster = new PushCluster()) {
            final TestClient alice = cluster.login(wire, B, "alice");
            cluster.awaitPresence("alice", B);
            final int rounds = 50;
            cluster.dealerOn(A).deal("alice", "t1", rounds).join();
            for (int round = 1; round <= rounds; round++) {
                assertDealt(alice, round, "t1", round);        // every push, in the order the grain sent them
            }

            cluster.dealerOn(A).score("alice", 9_007_199_254_740_993L).join();
            final ServerFrame frame = alice.next();
            assertEquals("Scored", frame.getPush().getMethod());
            assertEquals(9_007_199_254_740_993L, field(alice.pushMessage(frame, message("Scored")), "score"));
            if (wire.format == FrameFormat.JSON) {
                // canonical proto3 JSON: a 64-bit integer is a string
                assertEquals("9007199254740993", frame.getPush().getJson().getFieldsOrThrow("score").getStringValue());
                assertEquals("alice", frame.getPush().getJson().getFieldsOrThrow("principal").getStringValue());
            }
            assertEquals(rounds + 1, cluster.gateways[B].counters().get(GatewayCounter.PUSHES_SENT));
            assertEquals(0, cluster.dropped());
        }
    }

    @Test
    void aPushToAPlayerWhoIsNotConnectedIsDroppedAndCountedNotAnError() {
        try (PushCluster cluster = new PushCluster()) {
            cluster.dealerOn(A).deal("nobody", "t1", 3).join();       // completes normally
            Poll.until("three pushes counted as dropped", () -> cluster.dropped() == 3);
            assertEquals(-1, cluster.presence("nobody"));
        }
    }

    @Test
    void pushesFollowAPlayerToAnotherGateway() {
        try (PushCluster cluster = new PushCluster()) {
            final TestClient atB = cluster.login(Wire.WEBSOCKET_JSON, B, "alice");
            cluster.awaitPresence("alice", B);
            cluster.dealerOn(A).deal("alice", "t1", 1).join();
            assertDealt(atB, 1, "t1", 1);

            atB.close();
            final TestClient atC = cluster.login(Wire.TCP_PROTOBUF, C, "alice");   // a new session at another gateway
            cluster.awaitPresence("alice", C);
            cluster.dealerOn(A).deal("alice", "t2", 2).join();
            assertDealt(atC, 1, "t2", 1);
            assertDealt(atC, 2, "t2", 2);

            // the old session at B expires after its grace; withdrawing it must not withdraw the session at C
            Poll.until("the session at B expired", () -> cluster.gateways[B].counters().get(GatewayCounter.SESSIONS_EXPIRED) == 1);
            cluster.dealerOn(A).deal("alice", "t3", 1).join();
            assertDealt(atC, 3, "t3", 1);
            assertEquals(cluster.members[C].memberId(), cluster.presence("alice"));
            assertEquals(0, cluster.dropped());
        }
    }

    @Test
    void pushesToAPlayerBetweenConnectionsAreKeptForItsResume() {
        try (PushCluster cluster = new PushCluster(Duration.ofMinutes(1))) {
            final TestClient first = cluster.login(Wire.WEBSOCKET_PROTOBUF, B, "alice");
            cluster.awaitPresence("alice", B);
            final String session = cluster.gateways[B].sessions().session("alice").id();
            first.close();
            Poll.until("the session at B lost its connection", () -> !cluster.gateways[B].sessions().session("alice").connected());

            cluster.dealerOn(A).deal("alice", "t1", 2).join();
            Poll.until("two pushes kept", () -> cluster.gateways[B].counters().get(GatewayCounter.PUSHES_KEPT) == 2);
            assertEquals(cluster.members[B].memberId(), cluster.presence("alice"));   // kept is not dropped: the record stays

            final TestClient second = TestClient.connect(Wire.WEBSOCKET_JSON, cluster.gateways[B].webSocketAddress(), null,
                cluster.clientGroup);
            cluster.clients.add(second);
            second.send(ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder()
                .setToken(cluster.issuer.issue("alice", Duration.ofMinutes(1))).setResumeSession(session)).build());
            assertTrue(second.next().getWelcome().getResumed());
            assertDealt(second, 1, "t1", 1);
            assertDealt(second, 2, "t1", 2);
            cluster.dealerOn(A).deal("alice", "t2", 1).join();
            assertDealt(second, 3, "t2", 1);
            assertEquals(0, cluster.dropped());
        }
    }

    @Test
    void whenTheGatewaysMemberDiesPushesAreDroppedAndCountedUntilThePlayerReconnects() {
        try (PushCluster cluster = new PushCluster()) {
            final TestClient atB = cluster.login(Wire.WEBSOCKET_PROTOBUF, B, "alice");
            cluster.awaitPresence("alice", B);
            cluster.members[B].close();

            cluster.dealerOn(A).deal("alice", "t1", 3).join();    // no error for the grain
            Poll.until("three pushes counted as dropped", () -> cluster.dropped() == 3);
            assertEquals(-1, cluster.presence("alice"));          // the dead member's record is gone
            assertNull(atB.poll());

            final TestClient atC = cluster.login(Wire.WEBSOCKET_JSON, C, "alice");
            cluster.awaitPresence("alice", C);
            cluster.dealerOn(A).deal("alice", "t2", 1).join();
            assertDealt(atC, 1, "t2", 1);
        }
    }

    @Test
    void aPresenceLostWithItsMemberIsRebuiltByTheGatewaysRefresh() {
        try (PushCluster cluster = new PushCluster()) {
            final String player = cluster.principalPlacedOn(D);
            final TestClient atB = cluster.login(Wire.TCP_JSON, B, player);
            cluster.awaitPresence(player, B);
            cluster.members[D].close();                          // the member holding the presence record

            // the record moves to a live member with the next refresh of the gateway at B
            cluster.awaitPresence(player, B);
            cluster.dealerOn(A).deal(player, "t1", 2).join();
            assertDealt(atB, 1, "t1", 1);
            assertDealt(atB, 2, "t1", 2);
        }
    }

    @Test
    void theGeneratedPushClientIsTheObserverInterface() {
        try (PushCluster cluster = new PushCluster()) {
            final TableEvents events = Pushes.observer(cluster.members[A].grains(), TableEvents.class, "alice");
            assertEquals("io.grain.gateway.testing.TableEventsPush", events.getClass().getName());
            assertEquals(events, Pushes.observer(cluster.members[A].grains(), TableEvents.class, "alice"));
            final TestClient alice = cluster.login(Wire.WEBSOCKET_PROTOBUF, C, "alice");
            cluster.awaitPresence("alice", C);
            events.scored("bob", -5);                            // from outside code too; to alice, about bob
            final DynamicMessage scored = assertPush(alice, 1, "Scored");
            assertEquals(-5L, field(scored, "score"));
            assertEquals("bob", field(scored, "principal"));
        }
    }
}
