package io.grain.gateway;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.schema.ClientApi;
import io.grain.gateway.schema.ClientKind;
import io.grain.gateway.schema.GrainSchemas;
import io.grain.gateway.support.TestSchemas;
import io.grain.gateway.testing.Admin;
import io.grain.gateway.testing.Lobby;
import io.grain.gateway.testing.Player;
import io.grain.gateway.testing.TableEvents;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainMember;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.member.Dispatchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a gateway is given is checked once, at start, with messages that say what to do. */
class ConfigurationTest {
    @Test
    void onlyClientCallableMethodsAreOffered() {
        final ClientApi api = ClientApi.builder().expose(Player.class, TestSchemas.of(Player.class)).expose(Lobby.class, null).build();
        final ClientKind player = api.kind("player");
        final Set<String> offered = player.methods().stream().map(m -> m.rpcName()).collect(Collectors.toSet());
        assertEquals(8, offered.size(), offered::toString);
        assertTrue(offered.containsAll(Set.of("AddScore", "Profile", "Echo", "Fail", "Slow", "Heartbeat")));
        assertNull(player.method("GrantCoins"));
        assertNull(player.method("grantCoins"));
        assertNull(player.method("Heartbeats"));
        assertNotNull(player.method("addScore"));
        assertNull(player.method("greet"), "an overloaded Java name names nothing");
        // @ClientCallable on the interface offers every method; without a schema there are no descriptors
        assertNotNull(api.kind("lobby").method("Join"));
        assertNull(api.kind("lobby").method("Join").request());
        assertNotNull(player.method("Echo").request());
        assertNull(api.kind("admin"));
    }

    @Test
    void theProcessorRecordsClientCallableInTheDispatcherAndTheProto() throws IOException {
        final Set<String> callable = Dispatchers.of(Player.class).methods().stream().filter(GrainMethod::clientCallable)
            .map(GrainMethod::signature).collect(Collectors.toSet());
        assertEquals(Set.of("addScore(int)", "profile()", "echo(java.lang.String)", "greet(java.lang.String)",
            "greet(java.lang.String,int)", "fail(java.lang.String)", "slow()", "heartbeat(long)"), callable);
        assertTrue(Dispatchers.of(Lobby.class).methods().stream().allMatch(GrainMethod::clientCallable), "@ClientCallable on the interface");
        assertTrue(Dispatchers.of(Admin.class).methods().stream().noneMatch(GrainMethod::clientCallable));
        final String proto;
        try (var in = Player.class.getResourceAsStream("Player.proto")) {
            proto = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        final long marked = proto.lines().filter(line -> line.trim().startsWith("//") && line.endsWith("; client-callable")).count();
        assertEquals(8, marked, proto);
        assertTrue(proto.contains("// heartbeat(long), method id 0x75b686a6; one-way: no reply is sent; client-callable"), proto);
        assertTrue(proto.contains("// grantCoins(int), method id 0x78e8b493\n"), proto);
    }

    @Test
    void anInterfaceWithoutClientCallableMethodsOrTwiceOrWithAWrongSchemaIsRefused() {
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ClientApi.builder().expose(Admin.class, null));
        assertTrue(none.getMessage().contains("@ClientCallable"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientApi.builder().expose(Lobby.class, null).expose(Lobby.class, null));
        final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
            () -> ClientApi.builder().expose(Player.class, TestSchemas.of(Lobby.class)));
        assertTrue(wrong.getMessage().contains("Player"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientApi.builder().expose(String.class, null));
    }

    @Test
    void theSchemaIsFoundAsAClassPathResourceBesideTheProto(@TempDir final Path dir) throws IOException {
        assertEquals("io/grain/gateway/testing/Player.desc", GrainSchemas.resourceName(Player.class));
        // the processor writes it; it describes the same service as protoc's compilation of the .proto
        final FileDescriptorSet written = GrainSchemas.load(Player.class);
        assertNotNull(written);
        assertEquals(GrainSchemas.service(TestSchemas.of(Player.class), "Player").toProto(),
            GrainSchemas.service(written, "Player").toProto());
        final Path desc = dir.resolve(GrainSchemas.resourceName(Player.class));
        Files.createDirectories(desc.getParent());
        Files.write(desc, TestSchemas.of(Player.class).toByteArray());
        // a class loader that sees the .desc and defines nothing itself: the resource lookup is what is tested
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            final FileDescriptorSet loaded = FileDescriptorSet.parseFrom(loader.getResourceAsStream(GrainSchemas.resourceName(Player.class)));
            assertEquals(TestSchemas.of(Player.class), loaded);
            assertEquals("Player", GrainSchemas.service(loaded, "Player").getName());
        }
        assertThrows(IllegalArgumentException.class, () -> GrainSchemas.service(FileDescriptorSet.getDefaultInstance(), "Player"));
    }

    @Test
    void limitsAreValidatedOnce() {
        assertThrows(IllegalArgumentException.class, () -> GatewayLimits.builder().maxFrameBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> GatewayLimits.builder().frameRate(0, 1).build());
        final IllegalArgumentException idle = assertThrows(IllegalArgumentException.class,
            () -> GatewayLimits.builder().pingInterval(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(30)).build());
        assertTrue(idle.getMessage().contains("pingInterval"), idle.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayLimits.builder().sessionGrace(Duration.ofSeconds(-1)).build());
        final GatewayLimits defaults = GatewayLimits.defaults();
        assertEquals(GatewayLimits.DEFAULT_MAX_CONNECTIONS, defaults.maxConnections());
        assertEquals(GatewayLimits.DEFAULT_SESSION_GRACE.toMillis(), defaults.sessionGraceMillis());
    }

    @Test
    void aGatewayNeedsAnInvokerAnAuthenticatorAnAuthorizerAListenerAndAKind() {
        try (GrainMember member = GrainMember.builder().shards(1).register(Lobby.class, io.grain.gateway.testing.LobbyGrain::new).start()) {
            final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            assertThrows(IllegalStateException.class, () -> GatewayServer.builder().expose(Lobby.class)
                .authenticator(token -> null).authorizer(Authorizers.allowAll()).tcp(any).start());
            assertThrows(IllegalStateException.class, () -> GatewayServer.builder().member(member).expose(Lobby.class)
                .authorizer(Authorizers.allowAll()).tcp(any).start());
            assertThrows(IllegalStateException.class, () -> GatewayServer.builder().member(member).expose(Lobby.class)
                .authenticator(token -> null).tcp(any).start());
            assertThrows(IllegalStateException.class, () -> GatewayServer.builder().member(member).expose(Lobby.class)
                .authenticator(token -> null).authorizer(Authorizers.allowAll()).start());
            assertThrows(IllegalStateException.class, () -> GatewayServer.builder().member(member)
                .authenticator(token -> null).authorizer(Authorizers.allowAll()).tcp(any).start());
            try (GatewayServer gateway = GatewayServer.builder().member(member).expose(Lobby.class)
                .authenticator(token -> null).authorizer(Authorizers.allowAll()).tcp(any).threads(1).start()) {
                assertTrue(gateway.tcpAddress().getPort() > 0);
                assertNull(gateway.webSocketAddress());
            }
        }
    }

    @Test
    void theObserverSchemaIsWhatProtocMakesOfTheObserversProto() {
        final FileDescriptorSet written = GrainSchemas.load(TableEvents.class);
        assertNotNull(written, "the processor wrote p/TableEvents.desc");
        final FileDescriptorSet compiled = TestSchemas.of(TableEvents.class);
        assertEquals(compiled.getFile(0).getMessageTypeList(), written.getFile(0).getMessageTypeList());
        assertEquals(GrainSchemas.service(compiled, "TableEvents").toProto(), GrainSchemas.service(written, "TableEvents").toProto());
        assertEquals(List.of("Dealt", "Scored"), GrainSchemas.service(written, "TableEvents").getMethods().stream()
            .map(m -> m.getName()).collect(Collectors.toList()));
    }

    @Test
    void observersAndPresenceAreConfiguredOnceAndChecked() {
        final IllegalArgumentException notObserver = assertThrows(IllegalArgumentException.class,
            () -> GatewayServer.builder().observer(Lobby.class));
        assertTrue(notObserver.getMessage().contains("not a @ClientObserver interface"), notObserver.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayServer.builder().presenceRefresh(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> GatewayServer.builder().presenceRefresh(Pushes.PRESENCE_COLLECTION_AGE));

        try (GrainMember member = Pushes.register(GrainMember.builder().shards(1)
            .register(Lobby.class, io.grain.gateway.testing.LobbyGrain::new)).start()) {
            final IllegalArgumentException noPushClient = assertThrows(IllegalArgumentException.class,
                () -> Pushes.observer(member.grains(), Lobby.class, "alice"));
            assertTrue(noPushClient.getMessage().contains("not a @ClientObserver interface"), noPushClient.getMessage());

            final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            final GatewayServer.Builder second = GatewayServer.builder().member(member).expose(Lobby.class)
                .observer(TableEvents.class).authenticator(token -> null).authorizer(Authorizers.allowAll()).tcp(any).threads(1);
            try (GatewayServer first = GatewayServer.builder().member(member).expose(Lobby.class).observer(TableEvents.class)
                .authenticator(token -> null).authorizer(Authorizers.allowAll()).tcp(any).threads(1).start()) {
                final IllegalStateException twice = assertThrows(IllegalStateException.class, second::start);
                assertTrue(twice.getMessage().contains("hosts a gateway already"), twice.getMessage());
            }
            // once the first closed, the member may host another
            second.start().close();
        }
    }
}
