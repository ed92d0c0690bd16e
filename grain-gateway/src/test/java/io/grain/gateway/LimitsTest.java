package io.grain.gateway;

import com.google.protobuf.ByteString;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.CloseCode;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.gateway.protocol.Ping;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.session.PushSink;
import io.grain.gateway.session.Session;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.Poll;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.grain.gateway.ProtocolTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every limit gives its documented answer, the gateway stays up, and the counts say so (never the
 * timings).
 */
class LimitsTest {
    private static void assertClose(final ServerFrame frame, final CloseCode code) {
        assertTrue(frame.hasClose(), () -> "expected Close " + code + ", got " + frame);
        assertEquals(code, frame.getClose().getCode());
    }

    private static ServerFrame ping(final TestClient client, final long nonce) {
        client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build());
        return client.next();
    }

    @Test
    void aTcpFrameOverTheMaximumClosesTheConnectionWithFrameTooLarge() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxFrameBytes(1024))) {
            final TestClient client = fixture.login(Wire.TCP_PROTOBUF, "big");
            client.sendBytes(new byte[2000]);
            assertClose(client.next(), CloseCode.FRAME_TOO_LARGE);
            client.awaitClosed();
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.FRAMES_TOO_LARGE));
            // a frame of exactly the maximum is still read (and, being garbage, answered as malformed)
            final TestClient other = fixture.login(Wire.TCP_PROTOBUF, "other");
            other.sendBytes(new byte[1024]);
            assertError(other.next(), 0, ErrorCode.MALFORMED_FRAME);
        }
    }

    @Test
    void aWebSocketFrameOverTheMaximumClosesTheConnectionWithMessageTooBig() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxFrameBytes(1024))) {
            final TestClient client = fixture.login(Wire.WEBSOCKET_PROTOBUF, "big");
            client.sendBytes(new byte[2000]);
            assertEquals(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), client.webSocketCloseStatus());
            client.awaitClosed();
            // Netty's decoder sends the close frame before the gateway's handler counts the failure
            Poll.until("the oversized frame to be counted", () -> fixture.gateway.counters().get(GatewayCounter.FRAMES_TOO_LARGE) == 1);
            fixture.login(Wire.WEBSOCKET_PROTOBUF, "next");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"WEBSOCKET_JSON", "TCP_PROTOBUF"})
    void framesOverTheRateAreDroppedWithRateLimited(final Wire wire) {
        final AtomicLong now = new AtomicLong();
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.frameRate(1, 5).maxConsecutiveErrors(1000),
            Authorizers.allowAll(), now::get)) {
            final TestClient client = fixture.login(wire, "flood");   // the Authenticate takes the first token
            for (int i = 1; i <= 10; i++) {
                client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(i)).build());
            }
            int pongs = 0;
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                final ServerFrame frame = client.next();
                if (frame.hasPong()) {
                    pongs++;
                } else {
                    assertError(frame, 0, ErrorCode.RATE_LIMITED);
                    limited++;
                }
            }
            assertEquals(4, pongs);
            assertEquals(6, limited);
            assertEquals(6, fixture.gateway.counters().get(GatewayCounter.RATE_LIMITED));
            // a second later one more token is there
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertTrue(ping(client, 77).hasPong());
            assertError(ping(client, 78), 0, ErrorCode.RATE_LIMITED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"WEBSOCKET_PROTOBUF", "TCP_JSON"})
    void persistentAbuseClosesTheConnection(final Wire wire) {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxConsecutiveErrors(3))) {
            final TestClient client = fixture.login(wire, "abuser");
            // errors interrupted by a good frame do not add up
            assertError(client.ask(Call.newBuilder().setId(1).setKind("nope").setStringKey("abuser").setMethod("x")), 1, ErrorCode.UNKNOWN_KIND);
            assertError(client.ask(Call.newBuilder().setId(2).setKind("nope").setStringKey("abuser").setMethod("x")), 2, ErrorCode.UNKNOWN_KIND);
            final ServerFrame good = client.ask(client.call(3, "player", "abuser", "Echo", fixture.playerMessage("Echo", "text", "ok")));
            assertTrue(good.hasReply());
            assertError(client.ask(Call.newBuilder().setId(4).setKind("nope").setStringKey("abuser").setMethod("x")), 4, ErrorCode.UNKNOWN_KIND);
            assertError(client.ask(Call.newBuilder().setId(5).setKind("nope").setStringKey("abuser").setMethod("x")), 5, ErrorCode.UNKNOWN_KIND);
            assertEquals(0, fixture.gateway.counters().get(GatewayCounter.ABUSE_CLOSES));
            assertError(client.ask(Call.newBuilder().setId(6).setKind("nope").setStringKey("abuser").setMethod("x")), 6, ErrorCode.UNKNOWN_KIND);
            assertClose(client.next(), CloseCode.TOO_MANY_ERRORS);
            client.awaitClosed();
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.ABUSE_CLOSES));
            fixture.login(wire, "abuser");   // the gateway still serves
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"WEBSOCKET_PROTOBUF", "TCP_PROTOBUF"})
    void aClientThatDoesNotAuthenticateInTimeIsClosed(final Wire wire) {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.handshakeTimeout(Duration.ofSeconds(1)))) {
            final TestClient client = fixture.connect(wire);
            assertClose(client.next(), CloseCode.HANDSHAKE_TIMEOUT);
            client.awaitClosed();
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.HANDSHAKE_TIMEOUTS));
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedAsIdleAndOneThatAnswersStays() {
        // the idle timeout is generous so that a loaded machine does not make the lively client look idle
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.pingInterval(Duration.ofMillis(50))
            .idleTimeout(Duration.ofSeconds(5)))) {
            final TestClient lively = fixture.login(Wire.WEBSOCKET_JSON, "lively");
            final TestClient silent = fixture.connect(Wire.TCP_PROTOBUF);
            silent.login(fixture.token("silent"), "silent");
            silent.answerPings(false);
            ServerFrame frame = silent.next();
            int pings = 0;
            while (frame.hasPing()) {
                pings++;
                frame = silent.next();
            }
            assertTrue(pings > 0, "the gateway pinged the silent client");
            assertClose(frame, CloseCode.IDLE_TIMEOUT);
            silent.awaitClosed();
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.IDLE_TIMEOUTS));
            // the lively client answered every ping over the same time and is still connected
            assertTrue(lively.pingsAnswered() > 0);
            assertFalse(lively.isClosed());
            assertTrue(ping(lively, 5).hasPong());
        }
    }

    @Test
    void connectionsOverTheMaximumAreClosedAtAccept() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxConnections(2))) {
            final TestClient one = fixture.login(Wire.TCP_PROTOBUF, "one");
            fixture.login(Wire.TCP_PROTOBUF, "two");
            final TestClient three = fixture.connect(Wire.TCP_PROTOBUF);
            three.awaitClosed();
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.CONNECTIONS_REFUSED));
            assertEquals(2, fixture.gateway.counters().openConnections());
            one.close();
            Poll.until("the gateway to see the first connection go", () -> fixture.gateway.counters().openConnections() == 1);
            fixture.login(Wire.TCP_PROTOBUF, "four");
            assertEquals(2, fixture.gateway.counters().openConnections());
        }
    }

    @Test
    void callsInFlightAreBoundedAndTheRestWaitOrAreRefused() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxCallsInFlight(2).frameRate(10_000, 10_000),
            Authorizers.allowAll(), System::nanoTime)) {
            final TestClient client = fixture.login(Wire.TCP_PROTOBUF, "many");
            final int calls = 12;
            for (int i = 1; i <= calls; i++) {
                client.send(ClientFrame.newBuilder().setCall(Call.newBuilder().setId(i).setKind("player")
                    .setStringKey("slow-" + i).setMethod("Slow")).build());
            }
            int replies = 0;
            int overloaded = 0;
            while (replies + overloaded < calls) {
                Poll.until("a call to wait at a gate or an answer", () -> fixture.gates.waiting() > 0 || client.hasFrames());
                ServerFrame frame;
                while ((frame = client.poll()) != null) {
                    if (frame.hasReply()) {
                        replies++;
                    } else {
                        assertEquals(ErrorCode.OVERLOADED, frame.getError().getCode(), () -> "unexpected " + client);
                        overloaded++;
                    }
                }
                fixture.gates.openAll(1);
            }
            assertTrue(fixture.gates.mostWaiting() <= 2, "at most 2 calls reached the grains at once, saw " + fixture.gates.mostWaiting());
            assertTrue(replies >= 2, "the calls within the limit were answered");
            assertEquals(calls, fixture.gateway.counters().get(GatewayCounter.CALLS) + overloaded);
            assertTrue(fixture.gateway.counters().get(GatewayCounter.READS_PAUSED) > 0, "reading paused at the limit");
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedAsASlowConsumer() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxOutboundFrames(16).maxKeptPushes(8))) {
            final TestClient client = fixture.connect(Wire.TCP_PROTOBUF, "/grain", 4096);
            client.login(fixture.token("sloth"), "sloth");
            client.channel().config().setAutoRead(false);
            final byte[] payload = GatewayFixture.event("Chat", "text", "hi", "blob", ByteString.copyFrom(new byte[8192])).toByteArray();
            int pushes = 0;
            while (fixture.gateway.counters().get(GatewayCounter.SLOW_CONSUMER_CLOSES) == 0) {
                assertTrue(++pushes < 1_000_000, "the gateway kept buffering for a client that does not read");
                fixture.gateway.pushes().push("sloth", "match_events", "Chat", payload);
            }
            Poll.until("the slow connection to close", () -> fixture.gateway.counters().openConnections() == 0);
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.SLOW_CONSUMER_CLOSES));
            assertTrue(fixture.gateway.sessions().session("sloth").keptPushes().size() <= 8, "kept pushes are bounded");
            // the session waits for a resume: further pushes are kept, not sent
            final Session held = fixture.gateway.sessions().session("sloth");
            Poll.until("the session to let go of the connection", () -> !held.connected());
            assertEquals(PushSink.Outcome.KEPT, fixture.gateway.pushes().push("sloth", "match_events", "Chat", payload));
            fixture.login(Wire.TCP_PROTOBUF, "fast");
        }
    }
}
