package io.grain.gateway;

import com.google.protobuf.DynamicMessage;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.CloseCode;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.session.KeptPush;
import io.grain.gateway.session.PushSink;
import io.grain.gateway.session.Session;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.Poll;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.grain.gateway.support.GatewayFixture.event;
import static io.grain.gateway.support.GatewayFixture.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushes to connected players, sessions that outlive a connection, resume, replacement, shutdown. */
class SessionTest {
    private static byte[] matchFound(final String match, final int rating) {
        return event("MatchFound", "match_id", match, "players", List.of("alice", "bob"), "rating", rating).toByteArray();
    }

    private static void assertPush(final TestClient client, final ServerFrame frame, final long seq, final String match) {
        assertTrue(frame.hasPush(), () -> "expected a Push, got " + frame);
        assertEquals(seq, frame.getPush().getSeq());
        assertEquals("match_events", frame.getPush().getObserver());
        assertEquals("MatchFound", frame.getPush().getMethod());
        final DynamicMessage message = client.pushMessage(frame, GatewayFixture.MATCH_EVENTS.findMethodByName("MatchFound").getInputType());
        assertEquals(match, field(message, "match_id"));
        assertEquals(List.of("alice", "bob"), field(message, "players"));
    }

    private static ServerFrame resume(final GatewayFixture fixture, final TestClient client, final String player, final String session,
        final long lastSeq) {
        client.send(ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder().setToken(fixture.token(player))
            .setResumeSession(session).setLastPushSeq(lastSeq)).build());
        return client.next();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aPushReachesTheConnectedPlayerInItsFormat(final Wire wire) {
        try (GatewayFixture fixture = new GatewayFixture()) {
            final TestClient alice = fixture.login(wire, "alice");
            assertEquals(PushSink.Outcome.SENT, fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m1", -3)));
            assertPush(alice, alice.next(), 1, "m1");
            assertEquals(PushSink.Outcome.SENT, fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m2", 0)));
            assertPush(alice, alice.next(), 2, "m2");
            assertEquals(2, fixture.gateway.counters().get(GatewayCounter.PUSHES_SENT));
        }
    }

    @Test
    void aPushToAPlayerWhoIsNotConnectedIsDroppedAndCounted() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            assertEquals(PushSink.Outcome.DROPPED, fixture.gateway.pushes().push("nobody", "match_events", "MatchFound", matchFound("m", 1)));
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.PUSHES_DROPPED));
            // an observer method the gateway does not know is a programming error, said at once
            assertThrows(IllegalArgumentException.class,
                () -> fixture.gateway.pushes().push("nobody", "match_events", "NoSuchMethod", new byte[0]));
            assertThrows(IllegalArgumentException.class,
                () -> fixture.gateway.pushes().push("nobody", "other_events", "MatchFound", new byte[0]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wire.class, names = {"WEBSOCKET_JSON", "TCP_PROTOBUF"})
    void aReconnectWithinTheGraceResumesTheSessionAndGetsThePushesItMissed(final Wire wire) {
        try (GatewayFixture fixture = new GatewayFixture()) {
            final TestClient first = fixture.login(wire, "alice");
            final String session = fixture.gateway.sessions().session("alice").id();
            fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m1", 1));
            assertPush(first, first.next(), 1, "m1");
            first.close();
            final Session held = fixture.gateway.sessions().session("alice");
            Poll.until("the session to let go of the connection", () -> !held.connected());
            assertEquals(PushSink.Outcome.KEPT, fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m2", 2)));
            assertEquals(PushSink.Outcome.KEPT, fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m3", 3)));

            final List<KeptPush> kept = held.keptPushes();
            assertEquals(3, kept.size());
            final long lastSeq = 3;

            final TestClient second = fixture.connect(wire);
            final ServerFrame welcome = resume(fixture, second, "alice", session, 1);
            assertTrue(welcome.getWelcome().getResumed());
            assertEquals(session, welcome.getWelcome().getSessionId());
            assertEquals(0, welcome.getWelcome().getPushesLost());
            // after the Welcome: every push after the last one the client had, in order, no gaps
            assertPush(second, second.next(), 2, "m2");
            assertPush(second, second.next(), lastSeq, "m3");
            final long seq = lastSeq + 1;
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.SESSIONS_RESUMED));
            assertEquals(PushSink.Outcome.SENT, fixture.gateway.pushes().push("alice", "match_events", "MatchFound", matchFound("m9", 9)));
            assertPush(second, second.next(), seq, "m9");
        }
    }

    @Test
    void aResumeSaysHowManyPushesTheSessionCouldNotKeep() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.maxKeptPushes(2))) {
            final TestClient first = fixture.login(Wire.TCP_PROTOBUF, "bob");
            final String session = fixture.gateway.sessions().session("bob").id();
            first.close();
            final Session held = fixture.gateway.sessions().session("bob");
            Poll.until("the session to let go of the connection", () -> !held.connected());
            for (int i = 1; i <= 4; i++) {
                assertEquals(PushSink.Outcome.KEPT, fixture.gateway.pushes().push("bob", "match_events", "MatchFound", matchFound("m" + i, i)));
            }
            final long last = 4;
            assertEquals(List.of(3L, 4L), held.keptPushes().stream().map(KeptPush::seq).toList());
            final TestClient second = fixture.connect(Wire.TCP_PROTOBUF);
            final ServerFrame welcome = resume(fixture, second, "bob", session, 0);
            assertTrue(welcome.getWelcome().getResumed());
            assertEquals(last - 2, welcome.getWelcome().getPushesLost(), "all but the newest two were lost");
            assertEquals(last - 1, second.next().getPush().getSeq());
            assertEquals(last, second.next().getPush().getSeq());
            assertEquals(last - 2, fixture.gateway.counters().get(GatewayCounter.PUSHES_LOST));
        }
    }

    @Test
    void aSessionEndsAfterTheGraceAndCannotBeResumedByAnotherPrincipal() {
        try (GatewayFixture fixture = new GatewayFixture(limits -> limits.sessionGrace(Duration.ofMillis(100)))) {
            final TestClient first = fixture.login(Wire.WEBSOCKET_PROTOBUF, "carol");
            final String session = fixture.gateway.sessions().session("carol").id();
            // another principal cannot take carol's session with its id
            final TestClient thief = fixture.connect(Wire.WEBSOCKET_PROTOBUF);
            final ServerFrame stolen = resume(fixture, thief, "dave", session, 0);
            assertEquals("dave", stolen.getWelcome().getPrincipal());
            assertTrue(!stolen.getWelcome().getResumed() && !stolen.getWelcome().getSessionId().equals(session));
            first.close();
            Poll.until("the session to expire", () -> fixture.gateway.sessions().session("carol") == null);
            assertEquals(1, fixture.gateway.counters().get(GatewayCounter.SESSIONS_EXPIRED));
            assertEquals(PushSink.Outcome.DROPPED, fixture.gateway.pushes().push("carol", "match_events", "MatchFound", matchFound("m", 1)));
            final TestClient late = fixture.connect(Wire.WEBSOCKET_PROTOBUF);
            final ServerFrame welcome = resume(fixture, late, "carol", session, 0);
            assertTrue(!welcome.getWelcome().getResumed(), "an expired session starts over");
        }
    }

    @Test
    void aNewConnectionOfTheSamePlayerReplacesTheOld() {
        try (GatewayFixture fixture = new GatewayFixture()) {
            final TestClient old = fixture.login(Wire.TCP_JSON, "erin");
            final TestClient now = fixture.login(Wire.WEBSOCKET_PROTOBUF, "erin");
            final ServerFrame close = old.next();
            assertEquals(CloseCode.REPLACED, close.getClose().getCode());
            old.awaitClosed();
            assertEquals(PushSink.Outcome.SENT, fixture.gateway.pushes().push("erin", "match_events", "MatchFound", matchFound("m1", 1)));
            assertPush(now, now.next(), 1, "m1");
        }
    }

    @Test
    void closingTheGatewaySaysGoodbyeToEveryClient() {
        final GatewayFixture fixture = new GatewayFixture(limits -> limits, Authorizers.allowAll(), System::nanoTime);
        final TestClient ws = fixture.login(Wire.WEBSOCKET_JSON, "a");
        final TestClient tcp = fixture.login(Wire.TCP_PROTOBUF, "b");
        fixture.gateway.close();
        assertEquals(CloseCode.SHUTTING_DOWN, ws.next().getClose().getCode());
        assertEquals(CloseCode.SHUTTING_DOWN, tcp.next().getClose().getCode());
        ws.awaitClosed();
        tcp.awaitClosed();
        fixture.close();
    }
}
