package io.grain.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.Ping;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.support.GatewayFixture;
import io.grain.gateway.support.TestClient;
import io.grain.gateway.support.Wire;
import io.grain.gateway.testing.Player;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.member.Dispatchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.grain.gateway.support.GatewayFixture.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every frame type and every error of the protocol, over WebSocket and TCP, in the protobuf and the
 * JSON format, against a real member with real grains. One gateway serves all the tests; each test
 * uses players of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolTest {
    private GatewayFixture fixture;

    @BeforeAll
    void start() {
        fixture = new GatewayFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private static String player(final Wire wire, final String name) {
        return name + "-" + wire.name().toLowerCase();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void authenticateAnswersWelcomeWithSessionAndLimits(final Wire wire) {
        final String alice = player(wire, "alice");
        final TestClient client = fixture.connect(wire);
        final ServerFrame welcome = client.login(fixture.token(alice), alice);
        assertFalse(welcome.getWelcome().getSessionId().isEmpty());
        assertFalse(welcome.getWelcome().getResumed());
        assertEquals(GatewayLimits.DEFAULT_MAX_FRAME_BYTES, welcome.getWelcome().getLimits().getMaxFrameBytes());
        assertEquals(GatewayLimits.DEFAULT_MAX_CALLS_IN_FLIGHT, welcome.getWelcome().getLimits().getMaxCallsInFlight());
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void callReachesTheGrainAndRepliesWithItsResult(final Wire wire) {
        final String alice = player(wire, "score");
        final TestClient client = fixture.login(wire, alice);
        final ServerFrame first = client.ask(client.call(7, "player", alice, "AddScore", fixture.playerMessage("AddScore", "delta", 5)));
        assertEquals(7, first.getReply().getId());
        assertEquals(5, field(client.reply(first, fixture.playerReply("AddScore")), "result"));
        // by Java name, and by method id alone
        final ServerFrame second = client.ask(client.call(8, "player", alice, "addScore", fixture.playerMessage("AddScore", "delta", -2)));
        assertEquals(3, field(client.reply(second, fixture.playerReply("AddScore")), "result"));
        final int id = method("addScore(int)").id();
        final ServerFrame third = client.ask(client.withRequest(Call.newBuilder().setId(9).setKind("player").setStringKey(alice)
            .setMethodId(id), fixture.playerMessage("AddScore", "delta", 10)));
        assertEquals(13, field(client.reply(third, fixture.playerReply("AddScore")), "result"));
        // the grain really holds it
        assertEquals(13, fixture.member.grains().get(Player.class, alice).addScore(0).join());
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void recordResultsAndOverloadsTravelByTheirRpcNames(final Wire wire) {
        final String bob = player(wire, "bob");
        final TestClient client = fixture.login(wire, bob);
        client.ask(client.call(1, "player", bob, "AddScore", fixture.playerMessage("AddScore", "delta", 4)));
        final DynamicMessage profile = client.reply(client.ask(client.call(2, "player", bob, "Profile", null)),
            fixture.playerReply("Profile"));
        final DynamicMessage record = (DynamicMessage)field(profile, "result");
        assertEquals(bob, field(record, "name"));
        assertEquals(4, field(record, "score"));
        assertEquals(List.of("coins:0"), field(record, "badges"));

        final String one = "Greet_" + Integer.toHexString(method("greet(java.lang.String)").id());
        final String two = "Greet_" + Integer.toHexString(method("greet(java.lang.String,int)").id());
        assertEquals("hello you", field(client.reply(client.ask(client.call(3, "player", bob, one,
            fixture.playerMessage(one, "name", "you"))), fixture.playerReply(one)), "result"));
        assertEquals("hello you hello you", field(client.reply(client.ask(client.call(4, "player", bob, two,
            fixture.playerMessage(two, "name", "you", "times", 2))), fixture.playerReply(two)), "result"));
        // an overloaded Java name is ambiguous, so it names nothing
        assertError(client.ask(client.call(5, "player", bob, "greet", fixture.playerMessage(one, "name", "x"))), 5,
            ErrorCode.UNKNOWN_METHOD);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void oneWayCallsAreAnsweredWithAnEmptyReplyOnceSent(final Wire wire) {
        final String carol = player(wire, "carol");
        final TestClient client = fixture.login(wire, carol);
        final ServerFrame reply = client.ask(client.call(3, "player", carol, "Heartbeat", fixture.playerMessage("Heartbeat", "now_millis", 42L)));
        assertTrue(reply.hasReply());
        assertEquals(3, reply.getReply().getId());
        // the gateway and this test are different callers, so poll (bounded) until the heartbeat has arrived
        final Player grain = fixture.member.grains().get(Player.class, carol);
        int heartbeats = 0;
        for (int i = 0; i < 10_000 && heartbeats == 0; i++) {
            heartbeats = grain.heartbeats().join();
        }
        assertEquals(1, heartbeats);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aGrainFailureIsAGrainErrorAndTheConnectionStays(final Wire wire) {
        final String dave = player(wire, "dave");
        final TestClient client = fixture.login(wire, dave);
        final ServerFrame error = client.ask(client.call(11, "player", dave, "Fail", fixture.playerMessage("Fail", "message", "boom")));
        assertError(error, 11, ErrorCode.GRAIN_ERROR);
        assertEquals("java.lang.IllegalStateException", error.getError().getGrainErrorType());
        assertEquals("boom", error.getError().getMessage());
        assertEchoWorks(client, dave);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void unknownAndHiddenKindsAndMethodsLookTheSame(final Wire wire) {
        final String erin = player(wire, "erin");
        final TestClient client = fixture.login(wire, erin);
        assertError(client.ask(client.call(1, "nosuchkind", erin, "Echo", null)), 1, ErrorCode.UNKNOWN_KIND);
        // registered on the member, but not exposed by the gateway
        assertError(client.ask(client.call(2, "admin", "root", "Secret", null)), 2, ErrorCode.UNKNOWN_KIND);
        assertError(client.ask(client.call(3, "player", erin, "NoSuchMethod", null)), 3, ErrorCode.UNKNOWN_METHOD);
        // a method of the grain that is not @ClientCallable
        assertError(client.ask(client.call(4, "player", erin, "GrantCoins", fixture.playerMessage("GrantCoins", "coins", 1000))), 4,
            ErrorCode.UNKNOWN_METHOD);
        assertError(client.ask(client.withRequest(Call.newBuilder().setId(5).setKind("player").setStringKey(erin)
            .setMethodId(method("grantCoins(int)").id()), fixture.playerMessage("GrantCoins", "coins", 1000))), 5, ErrorCode.UNKNOWN_METHOD);
        assertEquals(0, (int)fixture.member.grains().get(Player.class, erin).grantCoins(0).join(), "no coins were granted");
        assertEchoWorks(client, erin);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void callsBeforeAuthenticationAreRefused(final Wire wire) {
        final TestClient client = fixture.connect(wire);
        assertError(client.ask(client.call(4, "player", "x", "Echo", fixture.playerMessage("Echo", "text", "hi"))), 4,
            ErrorCode.UNAUTHENTICATED);
        // a ping is fine before authenticating
        client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(99)).build());
        final ServerFrame pong = client.next();
        assertEquals(99, pong.getPong().getNonce());
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void badAndExpiredTokensAreRefusedAndTheClientMayTryAgain(final Wire wire) {
        final String frank = player(wire, "frank");
        final TestClient client = fixture.connect(wire);
        assertError(client.authenticate("not.a.jwt"), 0, ErrorCode.AUTH_FAILED);
        final JwtIssuer stranger = new JwtIssuer("another secret that is long enough to sign".getBytes(), GatewayFixture.ISSUER);
        assertError(client.authenticate(stranger.issue(frank, Duration.ofMinutes(5))), 0, ErrorCode.AUTH_FAILED);
        final JwtIssuer past = new JwtIssuer(GatewayFixture.SECRET, GatewayFixture.ISSUER,
            Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertError(client.authenticate(past.issue(frank, Duration.ofMinutes(5))), 0, ErrorCode.TOKEN_EXPIRED);
        client.login(fixture.token(frank), frank);
        assertError(client.authenticate(fixture.token(frank)), 0, ErrorCode.ALREADY_AUTHENTICATED);
        assertEchoWorks(client, frank);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aPlayerCannotCallAnotherPlayersGrain(final Wire wire) {
        final String mallory = player(wire, "mallory");
        final String victim = player(wire, "victim");
        final TestClient client = fixture.login(wire, mallory);
        assertError(client.ask(client.call(6, "player", victim, "AddScore", fixture.playerMessage("AddScore", "delta", 100))), 6,
            ErrorCode.FORBIDDEN);
        assertEquals(0, (int)fixture.member.grains().get(Player.class, victim).addScore(0).join(), "the victim's score is untouched");
        // other kinds are not limited to the principal's own key; long keys work
        final ServerFrame joined = client.ask(client.withRequest(Call.newBuilder().setId(7).setKind("lobby").setLongKey(wire.ordinal() + 100)
            .setMethod("Join"), GatewayFixture.message(fixture.lobbyRequest("Join"), "player", mallory)));
        assertEquals(1, field(client.reply(joined, fixture.lobbyReply("Join")), "result"));
        final ServerFrame uuid = client.ask(client.withRequest(Call.newBuilder().setId(8).setKind("lobby")
            .setUuidKey(UUID.nameUUIDFromBytes(wire.name().getBytes()).toString()).setMethod("Join"),
            GatewayFixture.message(fixture.lobbyRequest("Join"), "player", mallory)));
        assertEquals(1, field(client.reply(uuid, fixture.lobbyReply("Join")), "result"));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void malformedCallsAndRequestsGetErrorsAndTheConnectionStays(final Wire wire) {
        final String gina = player(wire, "gina");
        final TestClient client = fixture.login(wire, gina);
        // no key
        assertError(client.ask(Call.newBuilder().setId(1).setKind("player").setMethod("Echo")), 1, ErrorCode.MALFORMED_FRAME);
        // no method
        assertError(client.ask(Call.newBuilder().setId(2).setKind("player").setStringKey(gina)), 2, ErrorCode.MALFORMED_FRAME);
        // a key that is not a UUID
        assertError(client.ask(Call.newBuilder().setId(3).setKind("lobby").setUuidKey("not-a-uuid").setMethod("Join")), 3,
            ErrorCode.BAD_REQUEST);
        // a request message that does not decode as the method's request
        final Call.Builder badRequest = Call.newBuilder().setId(4).setKind("player").setStringKey(gina).setMethod("AddScore");
        if (wire.format == FrameFormat.PROTOBUF) {
            badRequest.setPayload(ByteString.copyFrom(new byte[] {0x08, (byte)0xFF}));  // a truncated varint
        } else {
            badRequest.setJson(Struct.newBuilder().putFields("delta", Value.newBuilder().setStringValue("five").build()));
        }
        assertError(client.ask(badRequest), 4, ErrorCode.BAD_REQUEST);
        // a frame that is no ClientFrame at all
        if (wire.format == FrameFormat.PROTOBUF) {
            client.sendBytes(new byte[] {(byte)0xFF, (byte)0xFF, (byte)0xFF});
        } else {
            client.sendText("{\"call\": [1, 2");
        }
        assertError(client.next(), 0, ErrorCode.MALFORMED_FRAME);
        // an empty frame holds no frame type
        client.sendBytes(new byte[0]);
        assertError(client.next(), 0, ErrorCode.MALFORMED_FRAME);
        assertEchoWorks(client, gina);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void pingsAreAnsweredWithPongs(final Wire wire) {
        final TestClient client = fixture.login(wire, player(wire, "hank"));
        for (int nonce = 1; nonce <= 3; nonce++) {
            client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build());
            assertEquals(nonce, client.next().getPong().getNonce());
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void authenticateWithAnUnknownSessionStartsANewOne(final Wire wire) {
        final String ivy = player(wire, "ivy");
        final TestClient client = fixture.connect(wire);
        client.send(ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder().setToken(fixture.token(ivy))
            .setResumeSession("no-such-session").setLastPushSeq(5)).build());
        final ServerFrame welcome = client.next();
        assertTrue(welcome.hasWelcome());
        assertFalse(welcome.getWelcome().getResumed());
        assertEquals(0, welcome.getWelcome().getPushesLost());
    }

    private void assertEchoWorks(final TestClient client, final String key) {
        final ServerFrame echo = client.ask(client.call(100, "player", key, "Echo", fixture.playerMessage("Echo", "text", "still here")));
        assertEquals("still here", field(client.reply(echo, fixture.playerReply("Echo")), "result"));
    }

    static void assertError(final ServerFrame frame, final int id, final ErrorCode code) {
        assertTrue(frame.hasError(), () -> "expected an Error " + code + ", got " + frame);
        assertEquals(code, frame.getError().getCode(), () -> "error " + frame.getError());
        assertEquals(id, frame.getError().getId());
        assertFalse(frame.getError().getMessage().isEmpty(), "an error says what happened");
    }

    private static GrainMethod method(final String signature) {
        return Dispatchers.of(Player.class).methods().stream().filter(m -> m.signature().equals(signature)).findFirst().orElseThrow();
    }
}
