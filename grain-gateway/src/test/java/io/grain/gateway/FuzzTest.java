package io.grain.gateway;

import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.Ping;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.grain.gateway.support.GatewayFixture.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random, truncated and bit-flipped frames: every one is answered as the protocol says or ignored
 * (a frame that happens to decode as a Pong), the connection and the gateway stay up, and a good
 * call still works afterwards.
 */
class FuzzTest {
    private static final int FRAMES = 400;

    private static List<byte[]> validFrames(final GatewayFixture fixture, final FrameFormat format) {
        final List<ClientFrame> frames = List.of(
            ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder().setToken(fixture.token("fuzz")).setResumeSession("abc")).build(),
            ClientFrame.newBuilder().setCall(Call.newBuilder().setId(12345).setKind("player").setStringKey("fuzz").setMethod("Echo")
                .setPayload(fixture.playerMessage("Echo", "text", "some text to echo").toByteString())).build(),
            ClientFrame.newBuilder().setCall(Call.newBuilder().setId(7).setKind("lobby").setLongKey(-42).setMethodId(0x1234_5678)
                .setJson(TestClient.struct(GatewayFixture.message(fixture.lobbyRequest("Join"), "player", "x")))).build(),
            ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(Long.MAX_VALUE)).build());
        final List<byte[]> out = new ArrayList<>();
        for (final ClientFrame frame : frames) {
            out.add(format == FrameFormat.PROTOBUF ? frame.toByteArray() : TestClient.json(frame).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void badFramesNeverHurtTheConnectionOrTheGateway(final Wire wire) {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.frameRate(1_000_000, 1_000_000).maxConsecutiveErrors(1_000_000)
            .maxOutboundFrames(100_000), Authorizers.allowAll(), System::nanoTime)) {
            final TestClient client = fixture.login(wire, "fuzz");
            final Random random = new Random(wire.ordinal() * 31L + 7);
            final List<byte[]> valid = validFrames(fixture, wire.format);
            for (int i = 0; i < FRAMES; i++) {
                final byte[] base = valid.get(random.nextInt(valid.size()));
                final byte[] frame;
                switch (random.nextInt(3)) {
                    case 0:   // random bytes
                        frame = new byte[random.nextInt(200)];
                        random.nextBytes(frame);
                        break;
                    case 1:   // truncated
                        frame = Arrays.copyOf(base, random.nextInt(base.length));
                        break;
                    default:  // bits flipped
                        frame = base.clone();
                        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                            frame[random.nextInt(frame.length)] ^= (byte)(1 << random.nextInt(8));
                        }
                }
                if (wire.webSocket && wire.format == FrameFormat.JSON) {
                    client.sendText(new String(frame, StandardCharsets.UTF_8));
                } else {
                    client.sendBytes(frame);
                }
            }
            // a ping is answered after everything before it: drain up to its pong
            client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(424242)).build());
            int answers = 0;
            ServerFrame frame = client.next();
            while (!(frame.hasPong() && frame.getPong().getNonce() == 424242)) {
                final ServerFrame seen = frame;
                assertFalse(seen.hasClose(), () -> "the gateway closed the connection: " + seen);
                answers++;
                frame = client.next();
            }
            assertTrue(answers <= FRAMES + 10, "at most one answer per frame, and a reply for a few calls");
            assertTrue(fixture.gateway.counters().get(GatewayCounter.MALFORMED_FRAMES) > 0, "some frames were malformed");
            assertFalse(client.isClosed());
            // a good call still works; replies of fuzzed calls that happened to be valid may come before its reply
            final int sentinel = 0x7EAD_BEEF;
            client.send(ClientFrame.newBuilder().setCall(client.call(sentinel, "player", "fuzz", "Echo",
                fixture.playerMessage("Echo", "text", "alive"))).build());
            ServerFrame echo = client.next();
            while (!(echo.hasReply() && echo.getReply().getId() == sentinel)) {
                final ServerFrame seen = echo;
                assertFalse(seen.hasClose(), () -> "the gateway closed the connection: " + seen);
                echo = client.next();
            }
            assertEquals("alive", field(client.reply(echo, fixture.playerReply("Echo")), "result"));
            assertEquals(1, fixture.gateway.counters().openConnections());
        }
    }

    @Test
    void aTruncatedTcpFrameWaitsForItsBytesAndABrokenConnectionIsJustClosed() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            final TestClient client = fixture.login(Wire.TCP_PROTOBUF, "cut");
            // a length prefix promising 100 bytes, then only 3: nothing is answered until the rest comes
            client.writeRaw(new byte[] {0, 0, 0, 100, 1, 2, 3});
            client.close();
            final TestClient next = fixture.login(Wire.TCP_PROTOBUF, "next");
            next.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(1)).build());
            assertTrue(next.next().hasPong());
        }
    }

    @Test
    void onlyTheGatewayPathUpgradesAndOnlyKnownFormatsAreAccepted() throws Exception {
        try (GatewayFixture fixture = new GatewayFixture()) {
            assertEquals("HTTP/1.1 404 Not Found", httpStatus(fixture, "/other"));
            assertEquals("HTTP/1.1 404 Not Found", httpStatus(fixture, "/grainx"));
            assertEquals("HTTP/1.1 400 Bad Request", httpStatus(fixture, "/grain?format=xml"));
            assertEquals("HTTP/1.1 101 Switching Protocols", httpStatus(fixture, "/grain?format=json"));
            assertEquals("HTTP/1.1 101 Switching Protocols", httpStatus(fixture, "/grain"));
        }
    }

    private static String httpStatus(final GatewayFixture fixture, final String path) throws Exception {
        try (Socket socket = new Socket(fixture.gateway.webSocketAddress().getAddress(), fixture.gateway.webSocketAddress().getPort())) {
            socket.setSoTimeout((int)TestClient.WAIT_SECONDS * 1000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char)c);
            }
            return line.toString();
        }
    }
}
