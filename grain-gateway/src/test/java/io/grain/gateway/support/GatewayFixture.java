package io.grain.gateway.support;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grain.gateway.GatewayServer;
import io.grain.gateway.auth.Authorizer;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.JwtAuthenticator;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.push.Pushes;
import io.grain.gateway.schema.GrainSchemas;
import io.grain.gateway.testing.Admin;
import io.grain.gateway.testing.AdminGrain;
import io.grain.gateway.testing.Gates;
import io.grain.gateway.testing.Lobby;
import io.grain.gateway.testing.LobbyGrain;
import io.grain.gateway.testing.MatchEventsOuterClass;
import io.grain.gateway.testing.Player;
import io.grain.gateway.testing.PlayerGrain;
import io.grain.runtime.GrainMember;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A real member hosting the test grains, a gateway in front of it on ephemeral ports (WebSocket
 * and TCP), a JWT issuer for tokens, and the clients a test opened (closed with the fixture).
 */
public final class GatewayFixture implements AutoCloseable {
    public static final byte[] SECRET = "a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);
    public static final String ISSUER = "grain-gateway-tests";
    public static final ServiceDescriptor MATCH_EVENTS = MatchEventsOuterClass.getDescriptor().findServiceByName("MatchEvents");

    public final Gates gates = new Gates();
    public final GrainMember member;
    public final GatewayServer gateway;
    public final JwtIssuer issuer = new JwtIssuer(SECRET, ISSUER);
    private final EventLoopGroup clientGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("test-clients", true));
    private final List<TestClient> clients = new ArrayList<>();
    private final ServiceDescriptor playerService = GrainSchemas.service(TestSchemas.of(Player.class), "Player");
    private final ServiceDescriptor lobbyService = GrainSchemas.service(TestSchemas.of(Lobby.class), "Lobby");

    /** Default limits, players act only as themselves. */
    public GatewayFixture() {
        this(limits -> limits, Authorizers.ownGrainsOnly(Set.of("player")), System::nanoTime);
    }

    public GatewayFixture(final UnaryOperator<GatewayLimits.Builder> limits) {
        this(limits, Authorizers.ownGrainsOnly(Set.of("player")), System::nanoTime);
    }

    public GatewayFixture(final UnaryOperator<GatewayLimits.Builder> limits, final Authorizer authorizer, final LongSupplier nanoClock) {
        member = Pushes.register(GrainMember.builder()
            .shards(2)
            .register(Player.class, context -> new PlayerGrain(context, gates))
            .register(Lobby.class, LobbyGrain::new)
            .register(Admin.class, AdminGrain::new))
            .start();
        gateway = GatewayServer.builder()
            .member(member)
            .expose(Player.class)                               // the schema the processor wrote, p/Player.desc
            .expose(Lobby.class, TestSchemas.of(Lobby.class))
            .observer("match_events", MATCH_EVENTS)
            .authenticator(new JwtAuthenticator(SECRET, ISSUER))
            .authorizer(authorizer)
            .limits(limits.apply(GatewayLimits.builder()).build())
            .webSocket(new InetSocketAddress("127.0.0.1", 0))
            .tcp(new InetSocketAddress("127.0.0.1", 0))
            .threads(2)
            .nanoClock(nanoClock)
            .start();
    }

    public String token(final String player) {
        return issuer.issue(player, Duration.ofMinutes(10));
    }

    public TestClient connect(final Wire wire) {
        final TestClient client = TestClient.connect(wire, gateway.webSocketAddress(), gateway.tcpAddress(), clientGroup);
        clients.add(client);
        return client;
    }

    /** A WebSocket client that asks for {@code path} (which may be wrong), or a TCP client with a small receive buffer. */
    public TestClient connect(final Wire wire, final String path, final int receiveBuffer) {
        final TestClient client = TestClient.connect(wire, gateway.webSocketAddress(), gateway.tcpAddress(), clientGroup, path, receiveBuffer);
        clients.add(client);
        return client;
    }

    /** A connected client logged in as {@code player}. */
    public TestClient login(final Wire wire, final String player) {
        final TestClient client = connect(wire);
        client.login(token(player), player);
        return client;
    }

    public EventLoopGroup clientGroup() {
        return clientGroup;
    }

    // ---- schema helpers --------------------------------------------------------------------------

    public Descriptor playerRequest(final String rpc) {
        return playerService.findMethodByName(rpc).getInputType();
    }

    public Descriptor playerReply(final String rpc) {
        return playerService.findMethodByName(rpc).getOutputType();
    }

    public Descriptor lobbyRequest(final String rpc) {
        return lobbyService.findMethodByName(rpc).getInputType();
    }

    public Descriptor lobbyReply(final String rpc) {
        return lobbyService.findMethodByName(rpc).getOutputType();
    }

    /** A request message of Player's {@code rpc} with {@code fields} as name, value pairs. */
    public DynamicMessage playerMessage(final String rpc, final Object... fields) {
        return message(playerRequest(rpc), fields);
    }

    public static DynamicMessage message(final Descriptor type, final Object... fields) {
        final DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (int i = 0; i < fields.length; i += 2) {
            message.setField(type.findFieldByName((String)fields[i]), fields[i + 1]);
        }
        return message.build();
    }

    public static Object field(final DynamicMessage message, final String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /** A push message of MatchEvents' {@code rpc}. */
    public static DynamicMessage event(final String rpc, final Object... fields) {
        return message(MATCH_EVENTS.findMethodByName(rpc).getInputType(), fields);
    }

    @Override
    public void close() {
        for (final TestClient client : clients) {
            client.close();
        }
        gateway.close();
        member.close();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
