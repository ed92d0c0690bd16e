package io.grain.sample;

import io.grain.runtime.GrainMember;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.LeaderboardGrain;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchGrain;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MatchmakerGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.transport.aeron.AeronTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One member of the arena cluster, hosting every grain kind of the game over Aeron. Started by
 * {@link ArenaLauncher}, or by hand on several machines (see docs/AERON.md). Prints
 * {@code READY <endpoint>} once it listens. Its cluster key comes from the environment variable
 * {@code GRAIN_CLUSTER_KEY}, which {@code AeronTransport.Context} reads; when started with {@code --until-stdin-closes} it leaves
 * gracefully as soon as its standard input closes, so it never outlives the launcher.
 */
@Command(name = "arena-member", mixinStandardHelpOptions = true, description = {"Runs one member of the arena cluster.",
    "Reads the cluster key from the environment variable GRAIN_CLUSTER_KEY (the same on every member; required unless"
        + " the endpoint is loopback), e.g. GRAIN_CLUSTER_KEY=$(openssl rand -base64 24)."})
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

    public static void main(final String[] args) {
        System.exit(new CommandLine(new ArenaMember()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final AeronTransport.Context context = new AeronTransport.Context().memberId(id).endpoint(endpoint).seeds(seeds);
        if (aeronDir != null) {
            context.embeddedDirectoryName(aeronDir);
        }
        final AeronTransport transport = AeronTransport.launch(context);
        final GrainMember member = GrainMember.builder()
            .shards(shards)
            .register(Player.class, PlayerGrain::new)
            .register(Matchmaker.class, MatchmakerGrain::new)
            .register(Match.class, MatchGrain::new)
            .register(Leaderboard.class, LeaderboardGrain::new)
            .transport(transport, transport.membership())
            .start();
        final CountDownLatch closed = new CountDownLatch(1);
        final Thread shutdown = new Thread(() -> {
            // Ctrl-C or the end of stdin: leave the cluster, run deactivation hooks, delete the driver's directory
            member.close();
            transport.close();
            closed.countDown();
        }, "arena-member-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
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
