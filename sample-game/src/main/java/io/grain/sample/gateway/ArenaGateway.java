package io.grain.sample.gateway;

import io.grain.gateway.GatewayServer;
import io.grain.gateway.auth.Authorizers;
import io.grain.gateway.auth.JwtAuthenticator;
import io.grain.gateway.auth.JwtIssuer;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainMember;
import io.grain.runtime.membership.ClusterMember;
import io.grain.sample.arena.ArenaEvents;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.Lobby;
import io.grain.sample.arena.LobbyEvents;
import io.grain.sample.arena.LobbyGrain;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchEvents;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MemberLoad;
import io.grain.sample.arena.MemberStatus;
import io.grain.sample.arena.MemberStatusGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.Spectators;
import io.grain.sample.arena.SpectatorsGrain;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway of one arena member: game clients (the bots, the web page, the Node.js client)
 * connect to it over WebSocket at {@code /grain}, log in with a token the game issued, call the
 * game's client-callable methods, and receive its pushes. A player acts only as itself: the only
 * player grain a client may call is the one of its own name. The same port serves the web page
 * ({@code /}) and the login that issues page tokens ({@code /login}, see {@link ArenaLogin}).
 *
 * <p>Also registers the grains that serve clients on every member: those pushes travel through
 * ({@link Pushes#register}: each player's presence, which knows which member's gateway holds it),
 * the {@link MemberStatus} that reports this member's load, the arena's {@link Spectators} and its lobby chat ({@link Lobby}). Use: {@link #register} on the member's builder, start the member,
 * then {@link #start}. Thread safe after {@link #start}.
 */
public final class ArenaGateway implements AutoCloseable {
    /** The issuer of the game's tokens. */
    public static final String ISSUER = "grain-arena";
    /** Environment variable holding the tokens' signing secret (base64, at least 32 bytes), the same on every member. */
    public static final String SECRET_VARIABLE = "ARENA_JWT_SECRET";
    /** Where the web page is, on the class path. */
    public static final String WEB_ROOT = "io/grain/sample/web";
    /** The key of its member state under which a member publishes its gateway's web page (docs/MEMBERSHIP.md). */
    public static final String GATEWAY_KEY = "gateway";
    /** The kinds whose grains a client may call only under its own name. */
    static final Set<String> OWN_KINDS = Set.of("player");

    private final AtomicReference<GrainMember> member = new AtomicReference<>();
    private final AtomicReference<GatewayServer> server = new AtomicReference<>();
    private final CallFigures callFigures;

    /** A gateway whose member reports no call rate or latency (its meters are not known here). */
    public ArenaGateway() {
        this(new SimpleMeterRegistry());
    }

    /**
     * A gateway whose member status reports calls/s and latency from {@code meters}: the registry
     * the member's {@link io.grain.metrics.micrometer.GrainMeters} observer records in.
     */
    public ArenaGateway(final MeterRegistry meters) {
        this.callFigures = new CallFigures(meters, System::nanoTime);
    }

    /** Registers the per-member grains that serve clients; returns {@code builder}. */
    public GrainMember.Builder register(final GrainMember.Builder builder) {
        return Pushes.register(builder)
            .register(MemberStatus.class, context -> new MemberStatusGrain(context, this::load))
            .register(Spectators.class, context -> new SpectatorsGrain(context, Pushes.router(context.grains()), this::gatewayOf))
            .register(Lobby.class, LobbyGrain::new);
    }

    /**
     * Starts the gateway of {@code started} (a member built with {@link #register}) at
     * {@code address} (port 0: any free port), checking tokens signed with {@code secret}.
     */
    public ArenaGateway start(final GrainMember started, final byte[] secret, final InetSocketAddress address) {
        Objects.requireNonNull(started, "member");
        if (!member.compareAndSet(null, started)) {
            throw new IllegalStateException("this arena gateway is started already");
        }
        server.set(GatewayServer.builder()
            .member(started)
            .expose(Player.class)
            .expose(Match.class)
            .expose(Matchmaker.class)
            .expose(Leaderboard.class)
            .observer(MatchEvents.class)
            .observer(ArenaEvents.class)
            .observer(LobbyEvents.class)
            .authenticator(new JwtAuthenticator(secret, ISSUER))
            .authorizer(Authorizers.ownGrainsOnly(OWN_KINDS))
            .webSocket(address)
            .staticContent(ArenaGateway.class.getClassLoader(), WEB_ROOT)
            .httpEndpoint(ArenaLogin.PATH, new ArenaLogin(new JwtIssuer(secret, ISSUER)))
            .threads(2)
            .start());
        // every member's live members view (the web page's members table) shows where this gateway is
        started.cluster().setKey(GATEWAY_KEY, pageUrl());
        return this;
    }

    /** Member {@code memberId}'s gateway page as this member's membership knows it, or "". Any thread. */
    private String gatewayOf(final int memberId) {
        final GrainMember m = member.get();
        final ClusterMember seen = m == null ? null : m.cluster().member(memberId);
        final String page = seen == null ? null : seen.get(GATEWAY_KEY);
        return page == null ? "" : page;
    }

    /** The gateway server (null before {@link #start}). */
    public GatewayServer server() {
        return server.get();
    }

    /** {@code ws://host:port/grain}. */
    public String webSocketUrl() {
        final InetSocketAddress bound = server.get().webSocketAddress();
        return "ws://" + bound.getHostString() + ":" + bound.getPort() + GatewayServer.DEFAULT_WEBSOCKET_PATH;
    }

    /** {@code http://host:port/}: the web page. */
    public String pageUrl() {
        final InetSocketAddress bound = server.get().webSocketAddress();
        return "http://" + bound.getHostString() + ":" + bound.getPort() + "/";
    }

    /** The signing secret in {@link #SECRET_VARIABLE}, or null when it is not set. */
    public static byte[] secretFromEnvironment() {
        final String value = System.getenv(SECRET_VARIABLE);
        return value == null || value.isBlank() ? null : decodeSecret(value);
    }

    /** Decodes a base64 secret, refusing one shorter than JWT's minimum. */
    public static byte[] decodeSecret(final String base64) {
        final byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must be base64: " + e.getMessage(), e);
        }
        if (secret.length < JwtIssuer.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must hold at least " + JwtIssuer.MIN_SECRET_BYTES + " bytes, has "
                + secret.length);
        }
        return secret;
    }

    /** A fresh random secret, base64. */
    public static String newSecret() {
        final byte[] secret = new byte[JwtIssuer.MIN_SECRET_BYTES];
        new java.security.SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    private MemberLoad load() {
        final GrainMember m = member.get();
        final GatewayServer gateway = server.get();
        final CallFigures.Window window = callFigures.read();
        return new MemberLoad(m == null ? -1 : m.memberId(), m == null ? 0 : m.counters().activations(), m == null ? 0 : m.counters().calls(),
            gateway == null ? 0 : gateway.counters().openConnections(), gateway == null ? 0 : gateway.counters().get(GatewayCounter.PUSHES_SENT),
            window.callsPerSecond(), window.p50Millis(), window.p99Millis(), "");
    }

    /** Closes the gateway (its clients get Close(SHUTTING_DOWN)); the member is the caller's to close, after. */
    @Override
    public void close() {
        final GatewayServer gateway = server.getAndSet(null);
        if (gateway != null) {
            gateway.close();
        }
    }
}
