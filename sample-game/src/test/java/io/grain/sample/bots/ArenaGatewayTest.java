package io.grain.sample.bots;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.runtime.GrainMember;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.LeaderboardGrain;
import io.grain.sample.arena.Lobby;
import io.grain.sample.arena.LobbyEvents;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchGrain;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MatchmakerGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.sample.gateway.ArenaGateway;
import io.grain.storage.InMemoryStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arena through its gateways, on two real members in one JVM (in-JVM transport) each with its
 * gateway on an ephemeral port: bots play whole matches as WebSocket clients spread over both
 * gateways, driven by pushes; a client acts only as its own player; a watcher gets the arena's
 * summary pushed; the page's login gives tokens and keeps the bots' names. Real time, every wait
 * bounded by polling.
 */
class ArenaGatewayTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final String SECRET = ArenaGateway.newSecret();

    private final InJvmNetwork network = new InJvmNetwork();
    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<GrainMember> members = new ArrayList<>();
    private final List<ArenaGateway> gateways = new ArrayList<>();
    private final JwtIssuer issuer = new JwtIssuer(ArenaGateway.decodeSecret(SECRET), ArenaGateway.ISSUER);
    private final ExecutorService clientThread = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        for (int i = 0; i < 2; i++) {
            final ArenaGateway gateway = new ArenaGateway();
            final GrainMember member = gateway.register(GrainMember.builder())
                .network(network)
                .shards(2)
                .storage(storage)
                .register(Player.class, PlayerGrain::new)
                .register(Matchmaker.class, MatchmakerGrain::new)
                .register(Match.class, MatchGrain::new)
                .register(Leaderboard.class, LeaderboardGrain::new)
                .start();
            gateway.start(member, ArenaGateway.decodeSecret(SECRET), new InetSocketAddress("127.0.0.1", 0));
            members.add(member);
            gateways.add(gateway);
        }
    }

    @AfterEach
    void stop() {
        clientThread.shutdownNow();
        gateways.forEach(ArenaGateway::close);
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
        storage.close();
    }

    @Test
    @Timeout(120)
    void botsPlayWholeMatchesAsWebSocketClientsOfBothGateways() {
        final List<String> urls = List.of(gateways.get(0).webSocketUrl(), gateways.get(1).webSocketUrl());
        try (BotSwarm swarm = new BotSwarm(() -> urls, name -> issuer.issue(name, Duration.ofMinutes(10)), 8, "bot")) {
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (swarm.stats().matchesFinished() < 3 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertTrue(swarm.stats().matchesFinished() >= 3, "finished " + swarm.stats().matchesFinished());
            assertEquals(0, swarm.stats().failures(), () -> "failed calls: " + swarm.stats().failureReasons());
            assertEquals(8, swarm.stats().botsOnline());
            assertTrue(swarm.stats().pushes() > 0, "the bots heard of their matches by push");
            assertEquals(0, swarm.stats().disconnects(), () -> "lost connections: " + swarm.stats().disconnectReasons());
        }
        for (final ArenaGateway gateway : gateways) {
            assertEquals(4, gateway.server().counters().get(GatewayCounter.CONNECTIONS_OPENED), "bots spread over both gateways");
            assertTrue(gateway.server().counters().get(GatewayCounter.PUSHES_SENT) > 0, "each gateway pushed to its bots");
        }
        final int ranked = members.get(0).grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(100).join().size();
        assertTrue(ranked >= 4 && ranked <= 8, "players of finished matches are on the board: " + ranked);
    }

    @Test
    @Timeout(60)
    void aClientActsOnlyAsItsOwnPlayerAndSeesOnlyWhatIsMeantForClients() throws Exception {
        final Client alice = connect(0, issuer.issue("alice", Duration.ofMinutes(1)));
        final JsonObject profile = alice.call("player", "alice", "Login", null).get(10, TimeUnit.SECONDS);
        assertEquals("alice", profile.getAsJsonObject("result").get("name").getAsString());
        members.get(0).grains().get(Player.class, "bob").login().join();

        assertCode("FORBIDDEN", alice.call("player", "bob", "Login", null));
        assertCode("FORBIDDEN", alice.call("player", "bob", "Queue", null));
        assertCode("FORBIDDEN", alice.call("player", "bob", "Move", json("{\"matchId\":\"1\",\"move\":{\"attack\":true}}")));
        // what only grains may call is not there for a client
        assertCode("UNKNOWN_METHOD", alice.call("player", "alice", "RecordResult",
            json("{\"outcome\":{\"matchId\":\"7\",\"placement\":1,\"ratingDelta\":500}}")));
        assertCode("UNKNOWN_METHOD", alice.call("match", 1L, "Start", json("{\"players\":[\"alice\",\"bob\"]}")));
        assertCode("UNKNOWN_METHOD", alice.call("matchmaker", 0L, "Enqueue", json("{\"player\":\"bob\",\"rating\":1}")));
        assertCode("UNKNOWN_METHOD", alice.call("leaderboard", 0L, "Submit", json("{\"player\":\"alice\",\"rating\":9999,\"matches\":1}")));
        assertCode("UNKNOWN_KIND", alice.call("grain.presence", "bob", "Push", null));
        assertCode("UNKNOWN_KIND", alice.call("spectators", 0L, "Watch", json("{\"viewer\":\"bob\"}")));
        // nothing of that reached bob or the board
        assertEquals(0, members.get(0).grains().get(Player.class, "bob").profile().join().stats().matches());
        assertEquals(0, members.get(0).grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION).waiting().join());
        assertTrue(members.get(0).grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(10).join().isEmpty());
        // and alice still plays as herself on the same connection
        assertNotNull(alice.call("player", "alice", "Queue", null).get(10, TimeUnit.SECONDS));
        assertEquals(1, members.get(0).grains().get(Matchmaker.class, Matchmaker.DEFAULT_REGION).waiting().join());
        assertNotNull(alice.call("leaderboard", 0L, "Top", json("{\"count\":5}")).get(10, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(60)
    void aWatcherGetsTheArenaSummaryPushedWithEveryMember() throws Exception {
        final Client viewer = connect(1, issuer.issue("viewer", Duration.ofMinutes(1)));
        viewer.call("player", "viewer", "Watch", null).get(10, TimeUnit.SECONDS);
        final JsonObject summary = viewer.push("arena_events", "Summary").getAsJsonObject("summary");
        assertEquals(2, summary.getAsJsonArray("members").size(), summary.toString());
        // each member published its gateway's page as member state; the summary shows what the membership spread
        for (final var m : summary.getAsJsonArray("members")) {
            final int id = m.getAsJsonObject().get("member").getAsInt();
            final int i = members.get(0).memberId() == id ? 0 : 1;
            assertEquals(gateways.get(i).pageUrl(), m.getAsJsonObject().get("gateway").getAsString(), summary.toString());
        }
        assertTrue(summary.has("leaderboard") && summary.has("matches"), summary.toString());
    }

    @Test
    @Timeout(60)
    void aLobbyLineReachesAClientOfTheOtherGatewayInOrderAndAnOverLongLineIsRefused() throws Exception {
        final Client alice = connect(0, issuer.issue("alice", Duration.ofMinutes(1)));
        final Client bob = connect(1, issuer.issue("bob", Duration.ofMinutes(1)));
        for (final Client client : List.of(alice, bob)) {
            final String name = client == alice ? "alice" : "bob";
            client.call("player", name, "Login", null).get(10, TimeUnit.SECONDS);
            client.call("player", name, "Watch", null).get(10, TimeUnit.SECONDS);
        }
        final Lobby lobby = members.get(0).grains().get(Lobby.class, Lobby.ARENA);
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (lobby.listeners().join() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals(2, lobby.listeners().join());

        for (final String text : List.of("one", "two", "three")) {
            assertNotNull(alice.call("player", "alice", "Say", json("{\"text\":\"" + text + "\"}")).get(10, TimeUnit.SECONDS));
        }
        final String tooLong = "x".repeat(Lobby.MAX_LINE + 1);
        try {
            alice.call("player", "alice", "Say", json("{\"text\":\"" + tooLong + "\"}")).get(10, TimeUnit.SECONDS);
            throw new AssertionError("an over-long line was accepted");
        } catch (final ExecutionException e) {
            final GatewayClient.CallFailedException refused = assertInstanceOf(GatewayClient.CallFailedException.class, e.getCause());
            assertEquals("GRAIN_ERROR", refused.code(), refused.getMessage());
            assertTrue(refused.getMessage().contains("at most 200 chars"), refused.getMessage());
        }
        assertNotNull(alice.call("player", "alice", "Say", json("{\"text\":\"four\"}")).get(10, TimeUnit.SECONDS));
        assertCode("FORBIDDEN", alice.call("player", "bob", "Say", json("{\"text\":\"as bob\"}")));

        // bob, on the other member's gateway, hears every accepted line in order, and nothing else; alice too
        for (final Client client : List.of(bob, alice)) {
            for (final String text : List.of("one", "two", "three", "four")) {
                final JsonObject line = client.push(LobbyEvents.OBSERVER, "Line").getAsJsonObject("line");
                assertEquals("alice", line.get("player").getAsString());
                assertEquals(text, line.get("text").getAsString());
            }
        }
    }

    @Test
    void thePageLoginIssuesTokensButNotForTheBotsNames() throws Exception {
        final HttpResponse<String> ok = login("carol");
        assertEquals(200, ok.statusCode(), ok.body());
        final String token = JsonParser.parseString(ok.body()).getAsJsonObject().get("token").getAsString();
        final Client carol = connect(0, token);
        assertEquals("carol", carol.call("player", "carol", "Login", null).get(10, TimeUnit.SECONDS)
            .getAsJsonObject("result").get("name").getAsString());
        assertEquals(403, login("bot1").statusCode());
        assertEquals(400, login("no spaces").statusCode());
        assertEquals(400, login("").statusCode());
        final HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(gateways.get(0).pageUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Grain arena"), page.body());
    }

    private HttpResponse<String> login(final String player) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateways.get(0).pageUrl() + "login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("player=" + URLEncoder.encode(player, StandardCharsets.UTF_8)))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(final String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static void assertCode(final String code, final CompletableFuture<JsonObject> call) throws Exception {
        try {
            call.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected " + code + ", the call succeeded");
        } catch (final ExecutionException e) {
            assertEquals(code, assertInstanceOf(GatewayClient.CallFailedException.class, e.getCause()).code(), e.getCause().getMessage());
        }
    }

    private Client connect(final int gateway, final String token) throws Exception {
        final Client client = new Client();
        client.connection = GatewayClient.connect(http, gateways.get(gateway).webSocketUrl(), token, clientThread, client)
            .get(10, TimeUnit.SECONDS);
        return client;
    }

    /** A test's client: calls hop to the client thread, pushes are queued for the test. */
    private final class Client implements GatewayClient.Listener {
        private final LinkedBlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();
        private GatewayClient connection;

        CompletableFuture<JsonObject> call(final String kind, final Object key, final String method, final JsonObject request) {
            return CompletableFuture.supplyAsync(() -> connection.call(kind, key, method, request), clientThread).thenCompose(f -> f);
        }

        /** The next push of {@code observer}'s {@code method}, skipping others. */
        JsonObject push(final String observer, final String method) throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                final JsonObject push = pushes.poll(1, TimeUnit.SECONDS);
                if (push != null && push.get("observer").getAsString().equals(observer) && push.get("method").getAsString().equals(method)) {
                    return push.getAsJsonObject("message");
                }
            }
            throw new AssertionError("no " + observer + "." + method + " push within 30 s");
        }

        @Override
        public void onPush(final String observer, final String method, final JsonObject message) {
            final JsonObject push = new JsonObject();
            push.addProperty("observer", observer);
            push.addProperty("method", method);
            push.add("message", message);
            pushes.add(push);
        }

        @Override
        public void onClosed(final String why) {
            // the test closes its clients with the gateways
        }
    }
}
