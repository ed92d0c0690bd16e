package io.grain.gateway;

import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.JwtAuthenticator;
import io.grain.gateway.http.HttpAnswer;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import io.grain.gateway.testing.Player;
import io.grain.gateway.testing.PlayerGrain;
import io.grain.gateway.testing.Gates;
import io.grain.runtime.GrainMember;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page, its files and a login endpoint served on the gateway's WebSocket port, beside the
 * WebSocket itself: GET of class-path files, 404 for what is not there or outside the folder,
 * 405 for other methods, an endpoint's answer (and 500 when it fails), and the WebSocket at
 * /grain still upgrading on the same port.
 */
class HttpContentTest {
    private GrainMember member;
    private GatewayServer gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() {
        final Gates gates = new Gates();
        member = GrainMember.builder().register(Player.class, context -> new PlayerGrain(context, gates)).start();
        gateway = GatewayServer.builder()
            .member(member)
            .expose(Player.class)
            .authenticator(new JwtAuthenticator(GatewayFixture.SECRET, GatewayFixture.ISSUER))
            .authorizer(Authorizers.allowAll())
            .webSocket(new InetSocketAddress("127.0.0.1", 0))
            .staticContent(HttpContentTest.class.getClassLoader(), "io/grain/gateway/web")
            .httpEndpoint("/login", query -> "POST".equals(query.method())
                ? HttpAnswer.json(200, "{\"player\":\"" + query.parameter("player") + "\"}")
                : HttpAnswer.text(405, "POST only\n"))
            .httpEndpoint("/broken", query -> {
                throw new IllegalStateException("broken on purpose");
            })
            .threads(1)
            .start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        member.close();
    }

    @Test
    void servesThePageItsFilesAndEndpointsBesideTheWebSocket() throws Exception {
        final HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("gateway test page"), page.body());
        assertEquals("text/html; charset=UTF-8", page.headers().firstValue("content-type").orElseThrow());
        final HttpResponse<String> script = get("/js/page.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=UTF-8", script.headers().firstValue("content-type").orElseThrow());
        assertTrue(script.body().contains("page script"));

        final HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("player=alice%20b")).build());
        assertEquals(200, login.statusCode());
        assertEquals("{\"player\":\"alice b\"}", login.body());
        assertEquals(405, get("/login").statusCode());
        assertEquals(500, get("/broken").statusCode());

        // and the WebSocket on the same port still upgrades and talks the protocol
        final NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            final TestClient client = TestClient.connect(Wire.WEBSOCKET_JSON, gateway.webSocketAddress(), null, group);
            final ServerFrame welcome = client.login(new io.grain.gateway.auth.JwtIssuer(GatewayFixture.SECRET, GatewayFixture.ISSUER)
                .issue("alice", Duration.ofMinutes(1)), "alice");
            assertEquals("alice", welcome.getWelcome().getPrincipal());
            client.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void refusesWhatIsNotThereOrOutsideTheFolder() throws Exception {
        assertEquals(404, get("/missing.html").statusCode());
        assertEquals(404, get("/.hidden").statusCode());
        assertEquals(404, get("/js/").statusCode());
        assertEquals(404, get("/js//page.js").statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode());
        // the HTTP client normalises "..", so the traversal goes over a raw socket
        assertTrue(raw("GET /../web/index.html HTTP/1.1").startsWith("HTTP/1.1 404"));
        assertTrue(raw("GET /js/../../../io/grain/gateway/web/index.html HTTP/1.1").startsWith("HTTP/1.1 404"));
        assertTrue(raw("GET /%2e%2e/gateway.proto HTTP/1.1").startsWith("HTTP/1.1 404"));
        assertEquals(200, get("/").statusCode(), "the gateway still serves after all that");
    }

    @Test
    void staticContentNeedsAFolderWithAPage() {
        assertThrows(IllegalArgumentException.class, () -> GatewayServer.builder().staticContent(getClass().getClassLoader(), "no/such"));
        assertThrows(IllegalArgumentException.class, () -> GatewayServer.builder().staticContent(getClass().getClassLoader(),
            "/io/grain/gateway/web"));
        assertThrows(IllegalStateException.class, () -> GatewayServer.builder()
            .member(member)
            .expose(Player.class)
            .authenticator(new JwtAuthenticator(GatewayFixture.SECRET, GatewayFixture.ISSUER))
            .authorizer(Authorizers.allowAll())
            .tcp(new InetSocketAddress("127.0.0.1", 0))
            .staticContent(getClass().getClassLoader(), "io/grain/gateway/web")
            .start());
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + gateway.webSocketAddress().getPort() + path);
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String raw(final String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.webSocketAddress().getPort())) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
