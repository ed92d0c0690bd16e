package io.grain.gateway;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.JwtAuthenticator;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.gateway.protocol.Ping;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.push.Presence;
import io.grain.gateway.push.Pushes;
import io.grain.gateway.schema.GrainSchemas;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.Poll;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import io.grain.gateway.testing.Admin;
import io.grain.gateway.testing.AdminGrain;
import io.grain.gateway.testing.Gates;
import io.grain.gateway.testing.Lobby;
import io.grain.gateway.testing.LobbyGrain;
import io.grain.gateway.testing.Player;
import io.grain.gateway.testing.PlayerGrain;
import io.grain.runtime.GrainMember;
import io.grain.runtime.transport.InJvmNetwork;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.grain.gateway.ProtocolTest.assertError;
import static io.grain.gateway.support.GatewayFixture.field;
import static io.grain.gateway.support.GatewayFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway on one member of a cluster reaches grains wherever placement puts them: calls to
 * grains on the other member travel the transport, replies come back encoded, and grain failures
 * and records arrive the same as locally.
 */
class ClusterTest {
    @Test
    void aGatewayReachesGrainsOnEveryMember() {
        final InJvmNetwork network = new InJvmNetwork();
        final Gates gates = new Gates();
        final GrainMember[] members = new GrainMember[2];
        for (int i = 0; i < members.length; i++) {
            members[i] = Pushes.register(GrainMember.builder().network(network).shards(2)
                .register(Player.class, context -> new PlayerGrain(context, gates))
                .register(Lobby.class, LobbyGrain::new)
                .register(Admin.class, AdminGrain::new))
                .start();
        }
        final NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (GatewayServer gateway = GatewayServer.builder()
            .member(members[0])
            .expose(Player.class)
            .authenticator(new JwtAuthenticator(GatewayFixture.SECRET, GatewayFixture.ISSUER))
            .authorizer(Authorizers.allowAll())
            .tcp(new InetSocketAddress("127.0.0.1", 0))
            .threads(1)
            .start()) {
            final JwtIssuer issuer = new JwtIssuer(GatewayFixture.SECRET, GatewayFixture.ISSUER);
            final TestClient client = TestClient.connect(Wire.TCP_JSON, null, gateway.tcpAddress(), group);
            client.login(issuer.issue("observer", Duration.ofMinutes(1)), "observer");
            final ServiceDescriptor service = GrainSchemas.service(GrainSchemas.load(Player.class), "Player");
            final int players = 24;
            for (int i = 0; i < players; i++) {
                final String key = "p" + i;
                final ServerFrame reply = client.ask(client.call(i + 1, "player", key, "AddScore",
                    message(service.findMethodByName("AddScore").getInputType(), "delta", i)));
                assertEquals(i, field(client.reply(reply, service.findMethodByName("AddScore").getOutputType()), "result"));
                final ServerFrame profile = client.ask(client.call(100 + i, "player", key, "Profile", null));
                final DynamicMessage record = (DynamicMessage)field(client.reply(profile,
                    service.findMethodByName("Profile").getOutputType()), "result");
                assertEquals(key, field(record, "name"));
                assertEquals(List.of("coins:0"), field(record, "badges"));
                assertError(client.ask(client.call(200 + i, "player", key, "Fail",
                    message(service.findMethodByName("Fail").getInputType(), "message", "no " + key))), 200 + i, ErrorCode.GRAIN_ERROR);
            }
            // placement spread the players over both members, so both paths were taken
            assertTrue(members[0].counters().activations() > 0, "some players live on the gateway's member");
            assertTrue(members[1].counters().activations() > 0, "some players live on the other member");
            // and one more: the presence grain of the connected client, once its gateway announced it
            Poll.until("the observer's presence", () -> members[1].grains().get(Presence.class, "observer").member().join()
                == members[0].memberId());
            assertEquals(players + 1, members[0].counters().activations() + members[1].counters().activations());

            // once the gateway's member is closed, calls are answered UNAVAILABLE and the connection stays
            members[0].close();
            final ServerFrame unavailable = client.ask(client.call(500, "player", "p1", "Echo",
                message(service.findMethodByName("Echo").getInputType(), "text", "anyone?")));
            assertError(unavailable, 500, ErrorCode.UNAVAILABLE);
            client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(3)).build());
            assertEquals(3, client.next().getPong().getNonce());
            client.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            members[1].close();
            members[0].close();
        }
    }
}
