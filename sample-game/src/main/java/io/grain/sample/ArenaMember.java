package io.grain.sample;

import io.grain.metrics.micrometer.GrainMeters;
import io.grain.metrics.micrometer.TransportMeters;
import io.grain.runtime.GrainMember;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.LeaderboardGrain;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchGrain;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MatchmakerGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.sample.gateway.ArenaGateway;
import io.grain.sample.hosts.HostProbe;
import io.grain.sample.hosts.HostProbeGrain;
import io.grain.sample.hosts.ViewPrinter;
import io.grain.storage.jdbc.JdbcStorage;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.Endpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.CloseHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One member of the arena cluster, hosting every grain kind of the game over Aeron, with players,
 * standings and items stored in SQLite ({@code --storage}) or PostgreSQL ({@code --postgres}). Started by
 * {@link ArenaLauncher}, or by hand on several machines (see docs/AERON.md). Prints
 * {@code HTTP <url>} (its /metrics and /health port, {@code --metrics-port}) and then
 * {@code READY <endpoint>} once it listens; when {@value ArenaGateway#SECRET_VARIABLE} is set it also hosts a gateway
 * for game clients ({@link ArenaGateway}) and prints {@code GATEWAY <ws url> <page url>} before that. Its cluster key
 * comes from the environment variable
 * {@code GRAIN_CLUSTER_KEY}, which {@code AeronTransport.Context} reads; when started with {@code --until-stdin-closes} it leaves
 * gracefully as soon as its standard input closes, so it never outlives the launcher.
 */
@Command(name = "arena-member", mixinStandardHelpOptions = true, description = {"Runs one member of the arena cluster.",
    "Reads the cluster key from the environment variable GRAIN_CLUSTER_KEY (the same on every member; required unless"
        + " the endpoint is loopback), e.g. GRAIN_CLUSTER_KEY=$(openssl rand -base64 24).",
    "Game data: give every member the same --storage file (members on one host) or the same --postgres database;"
        + " the PostgreSQL password comes from the environment variable " + ArenaMember.POSTGRES_PASSWORD_VARIABLE
        + " (or the URL's password parameter), never from the command line."})
public final class ArenaMember implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "This member's id, unique in the cluster.")
    int id;

    @Option(names = "--endpoint", required = true, description = "host:port this member listens on (UDP).")
    String endpoint;

    @Option(names = "--seeds", split = ",", description = "Endpoints of members to join through, comma separated.")
    List<String> seeds = List.of();

    @Option(names = "--aeron-dir", description = "Name of the embedded media driver's directory (default: a unique one).")
    String aeronDir;

    @Option(names = "--shards", description = "Shards (agent threads) of this member (default: ${DEFAULT-VALUE}).")
    int shards = 1;

    @Option(names = "--until-stdin-closes", description = "Leave when standard input closes (used by the launcher).")
    boolean untilStdinCloses;

    @Option(names = "--storage", description = "SQLite file of the game's data, made if missing; members on one host may share it.")
    Path storage;

    @Option(names = "--postgres", description = "JDBC URL of a PostgreSQL database for the game's data, e.g."
        + " jdbc:postgresql://db:5432/arena (instead of --storage).")
    String postgres;

    @Option(names = "--postgres-user", description = "PostgreSQL user (default: the URL's user parameter).")
    String postgresUser;

    @CommandLine.Mixin
    MembershipOptions membership = new MembershipOptions();

    @Option(names = "--gateway-port", description = "Port of this member's gateway (WebSocket /grain and the web page; 0: any free"
        + " port; default: ${DEFAULT-VALUE}). The gateway runs when " + ArenaGateway.SECRET_VARIABLE + " holds the tokens' secret.")
    int gatewayPort;

    @Option(names = "--metrics-port", description = "HTTP port of this member's /metrics, /health/live and /health/ready,"
        + " on the endpoint's host (0: any free port; -1: none; default: ${DEFAULT-VALUE}); printed as HTTP <url>.")
    int metricsPort;

    /** Environment variable holding the PostgreSQL password. */
    static final String POSTGRES_PASSWORD_VARIABLE = "ARENA_POSTGRES_PASSWORD";

    public static void main(final String[] args) {
        System.exit(new CommandLine(new ArenaMember()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        membership.check(new CommandLine(this));
        if ((storage == null) == (postgres == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give the game's data: --storage <file> or --postgres <jdbc url>");
        }
        final JdbcStorage data = storage != null ? JdbcStorage.sqlite(storage)
            : JdbcStorage.postgres(postgres, postgresUser, System.getenv(POSTGRES_PASSWORD_VARIABLE));
        final AeronTransport.Context context = membership.apply(new CommandLine(this),
            new AeronTransport.Context().memberId(id).endpoint(endpoint), seeds);
        if (aeronDir != null) {
            context.embeddedDirectoryName(aeronDir);
        }
        final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final AeronTransport transport;
        final GrainMember member;
        final byte[] gatewaySecret = ArenaGateway.secretFromEnvironment();
        final ArenaGateway gateway = new ArenaGateway(meters);
        try {
            transport = AeronTransport.launch(context);
        } catch (final RuntimeException e) {
            data.close();
            throw e;
        }
        try {
            TransportMeters.bind(meters, transport.counters(), id);
            member = gateway.register(GrainMember.builder())
                .shards(shards)
                .storage(data)
                .observer(new GrainMeters(meters))
                .register(Player.class, PlayerGrain::new)
                .register(Matchmaker.class, MatchmakerGrain::new)
                .register(Match.class, MatchGrain::new)
                .register(Leaderboard.class, LeaderboardGrain::new)
                .register(HostProbe.class, c -> new HostProbeGrain(c, id, () -> ViewPrinter.incarnation(transport, id)))
                .transport(transport)
                .start();
        } catch (final RuntimeException e) {
            // a failed start has closed the transport it was given
            CloseHelper.quietClose(data);
            throw e;
        }
        if (gatewaySecret != null) {
            try {
                gateway.start(member, gatewaySecret, new InetSocketAddress(endpoint.substring(0, endpoint.lastIndexOf(':')), gatewayPort));
            } catch (final RuntimeException e) {
                CloseHelper.quietCloseAll(member, data);
                throw e;
            }
            System.out.println("GATEWAY " + gateway.webSocketUrl() + " " + gateway.pageUrl());
        }
        final MemberHttpServer http;
        try {
            http = metricsPort < 0 ? null : MemberHttpServer.start(Endpoint.parse(endpoint).host(), metricsPort, meters);
        } catch (final RuntimeException e) {
            CloseHelper.quietCloseAll(gateway, member, data);
            throw e;
        }
        if (http != null) {
            http.serve(member);
            System.out.println("HTTP " + http.url());
        }
        final CountDownLatch closed = new CountDownLatch(1);
        final Thread shutdown = new Thread(() -> {
            // Ctrl-C or the end of stdin: clients first, then leave the cluster, run deactivation hooks, close the
            // transport (the member owns it) and delete the driver's directory, then let the storage commit what is
            // queued (the member no longer writes); the HTTP port last, so that /health/ready says "closing" meanwhile
            CloseHelper.closeAll(gateway, member, data, http);
            closed.countDown();
        }, "arena-member-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        ViewPrinter.start(transport, id);
        System.out.println("READY " + transport.endpoint());
        System.out.flush();
        if (untilStdinCloses) {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // the launcher closes our stdin (or dies, which closes it too)
            }
            Runtime.getRuntime().removeShutdownHook(shutdown);
            shutdown.run();
        }
        closed.await();
        return 0;
    }
}
