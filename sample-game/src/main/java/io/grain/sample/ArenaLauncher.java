package io.grain.sample;

import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerProfile;
import io.grain.sample.bots.BotSwarm;
import io.grain.sample.bots.SwarmStats;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.ClusterKey;
import org.agrona.CloseHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The sample game's main job: a local cluster of member processes over Aeron UDP on loopback, and
 * a swarm of bots in client mode playing arena matches against it, with a progress line every second
 * and a summary at the end. With {@code --chaos} one member is killed with SIGKILL mid-run and
 * restarted. Ctrl-C stops everything and leaves no process and no Aeron directory behind.
 *
 * <p>Players, standings and items are stored (by default in {@link ArenaData#DEFAULT_FILE}) and
 * survive crashes and runs. At the end every bot's profile is read again, from the cluster and,
 * once the members are gone, from the storage, and compared with the newest one the bot read
 * during the run: a player whose stored matches played went back lost acknowledged data, and the
 * summary counts them ({@code ratings lost}).
 */
@Command(name = "arena", mixinStandardHelpOptions = true,
    description = {"Runs a local Grain cluster and a bot swarm playing arena matches on it.",
        "Players, standings and items are kept in target/arena-data/arena.db (SQLite, shared by the members) unless"
            + " --storage or --postgres says otherwise; they survive crashes and runs (--fresh starts empty).",
        "With --postgres the password comes from the environment variable " + ArenaMember.POSTGRES_PASSWORD_VARIABLE
            + " (or the URL's password parameter)."})
public final class ArenaLauncher implements Callable<Integer> {
    @Option(names = "--members", description = "Member processes (default: ${DEFAULT-VALUE}).")
    int members = 3;

    @Option(names = "--bots", description = "Bots playing (default: ${DEFAULT-VALUE}).")
    int bots = 40;

    @Option(names = "--duration", description = "How long the bots play, e.g. 60s or 2m (default: ${DEFAULT-VALUE}).",
        converter = DurationConverter.class)
    Duration duration = Duration.ofSeconds(60);

    @Option(names = "--chaos", description = "Kill one member with SIGKILL a third of the way in, and restart it.")
    boolean chaos;

    @Option(names = "--host", description = "Address the members listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--base-port", description = "UDP port of member 0; member i uses base + i (default: ${DEFAULT-VALUE}).")
    int basePort = 20_400;

    private Path storage = ArenaData.DEFAULT_FILE;
    private boolean storageGiven;

    @Option(names = "--storage", paramLabel = "<file>", description = "SQLite file of the game's data, relative to the working"
        + " directory (default: target/arena-data/arena.db); made with its directories if missing.")
    void storage(final Path file) {
        storage = file;
        storageGiven = true;
    }

    @Option(names = "--postgres", paramLabel = "<jdbc url>", description = "JDBC URL of a PostgreSQL database to keep the game's data in instead,"
        + " e.g. jdbc:postgresql://localhost:5432/arena.")
    String postgres;

    @Option(names = "--postgres-user", description = "PostgreSQL user (default: the URL's user parameter).")
    String postgresUser;

    @CommandLine.Mixin
    MembershipOptions membership = new MembershipOptions();

    @Option(names = "--fresh", description = "Start from empty: delete the SQLite file, or with --postgres drop the game's"
        + " tables and states.")
    boolean fresh;

    /** Member whose crash --chaos plays. */
    static final int VICTIM = 1;
    /** How long the victim stays dead before it is restarted. */
    static final Duration DOWN_TIME = Duration.ofSeconds(5);
    static final int CLIENT_ID = 1_000;
    /** How often the run loop looks at the chaos probe. */
    static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    public static void main(final String[] args) {
        System.exit(new CommandLine(new ArenaLauncher()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (members < 1 || bots < 1 || (chaos && members < 2)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "need members >= 1 (2 with --chaos) and bots >= 1");
        }
        if (postgres != null && storageGiven) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give the game's data as --storage or --postgres, not both");
        }
        final List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            endpoints.add(host + ":" + (basePort + i));
        }
        final Path logs = Paths.get("target", "arena-logs").toAbsolutePath();
        // one cluster key per run (or the one in the environment), for the members and the bots' client
        final String clusterKey = System.getenv(ClusterKey.ENVIRONMENT_VARIABLE) != null
            ? System.getenv(ClusterKey.ENVIRONMENT_VARIABLE) : newClusterKey();
        final ArenaData data = postgres != null ? ArenaData.postgres(postgres, postgresUser) : ArenaData.sqlite(storage);
        if (fresh) {
            data.wipe();
        }
        System.out.printf("arena: game data in %s%s%n", data, fresh ? " (fresh)" : "");
        membership.check(new CommandLine(this));
        final List<String> memberOptions = new ArrayList<>(data.memberOptions());
        memberOptions.addAll(membership.memberOptions());
        final MemberProcesses processes = new MemberProcesses(endpoints, logs, clusterKey, memberOptions);
        final AtomicReference<GrainClient> openClient = new AtomicReference<>();
        // Ctrl-C: end the member processes, and close our client (and with it its transport, so its driver directory goes too)
        final Thread cleanup = new Thread(() -> {
            CloseHelper.quietClose(openClient.getAndSet(null));
            processes.closeAll();
        }, "arena-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        System.out.printf("arena: starting %d members on %s..%d (logs in %s)%n", members, endpoints.get(0), basePort + members - 1, logs);
        for (int i = 0; i < members; i++) {
            processes.start(i);
        }
        final AeronTransport transport = AeronTransport.launch(membership.apply(new CommandLine(this), new AeronTransport.Context()
            .memberId(CLIENT_ID)
            .endpoint(host + ":" + (basePort + members))
            .clusterKey(clusterKey)
            .client(true), endpoints));
        final Summary summary;
        // the client owns its transport from connect() on: closing the client closes it
        try (GrainClient client = GrainClient.builder().transport(transport).connect()) {
            openClient.set(client);
            awaitView(transport, members);
            System.out.printf("arena: cluster of %d members is up; %d bots play for %ds%s%n", members, bots, duration.toSeconds(),
                chaos ? " (chaos: member " + VICTIM + " dies at " + duration.toSeconds() / 3 + "s)" : "");
            summary = play(client.grains(), transport, processes);
            summary.checkServed(client.grains());
        } finally {
            openClient.set(null);
            processes.closeAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        // the members are gone and their storages closed: what is stored now is what survived
        summary.checkStored(data);
        summary.print(data);
        return 0;
    }

    /** 24 random bytes, base64: a fresh cluster key. */
    static String newClusterKey() {
        final byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private Summary play(final GrainFactory grains, final AeronTransport transport, final MemberProcesses processes) {
        final Summary summary = new Summary();
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        final long killAt = start + duration.toNanos() / 3;
        ChaosProbe probe = null;
        final BotSwarm swarm = new BotSwarm(grains, bots, "bot");
        try {
            summary.stats = swarm.stats();
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(Math.max(0, Math.min(Math.min(nextReport, end) - System.nanoTime(), STEP_NANOS)));
                final long now = System.nanoTime();
                if (chaos && probe == null && now >= killAt) {
                    probe = new ChaosProbe(grains, transport.membership().view(), VICTIM);
                    processes.kill(VICTIM);
                    probe.killed(now);
                    System.out.printf("arena: chaos: member %d killed with SIGKILL%n", VICTIM);
                }
                if (probe != null) {
                    probe.poll(now);
                    if (!probe.restarted() && now - probe.killedAt() >= DOWN_TIME.toNanos()) {
                        processes.start(VICTIM);
                        probe.restarted(System.nanoTime());
                        System.out.printf("arena: chaos: member %d restarted%n", VICTIM);
                    }
                }
                if (now >= nextReport) {
                    final SwarmStats.Snapshot second = swarm.stats().interval();
                    System.out.printf("arena: %3ds  bots %d  matches %d  calls/s %,d  p50 %.2f ms  p99 %.2f ms  failed %d%n",
                        TimeUnit.NANOSECONDS.toSeconds(now - start), swarm.stats().botsOnline(), swarm.stats().matchesFinished(),
                        second.calls(), second.p50Micros() / 1000.0, second.p99Micros() / 1000.0, second.failures());
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
            }
        } finally {
            swarm.close();
        }
        summary.acknowledged = swarm.acknowledgedProfiles();
        summary.seconds = (System.nanoTime() - start) / 1e9;
        summary.probe = probe;
        return summary;
    }

    /** Waits (at most 60 s) until the client sees {@code members} members. */
    static void awaitView(final AeronTransport transport, final int members) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (transport.membership().view().size() < members) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the client saw " + transport.membership().view().size() + " of " + members
                    + " members within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** What the summary prints. */
    private static final class Summary {
        /** How long the final reads of every player may take, all together; only a dead cluster gets near it. */
        private static final long CHECK_TIMEOUT_SECONDS = 60;

        SwarmStats stats;
        double seconds;
        ChaosProbe probe;
        Map<String, PlayerProfile> acknowledged;
        final Map<String, String> lost = new TreeMap<>();
        final java.util.Set<String> stale = new java.util.TreeSet<>();
        long items;
        int itemsNotMatchingWins;

        /**
         * While the cluster runs: reads every bot's player again and compares it with the newest
         * profile the bot read; one behind it was served stale (a bot may also have seen that during
         * the run). Also counts the items and checks there is one per win (the winner's item is
         * keyed by its match).
         */
        void checkServed(final GrainFactory grains) {
            stale.addAll(stats.profilesWentBack());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHECK_TIMEOUT_SECONDS);
            for (final Map.Entry<String, PlayerProfile> entry : acknowledged.entrySet()) {
                final Player player = grains.get(Player.class, entry.getKey());
                final PlayerProfile now = readWithRetry(() -> player.profile(), deadline);
                if (behind(now, entry.getValue())) {
                    stale.add(entry.getKey());
                }
                final int held = readWithRetry(() -> player.items(), deadline).size();
                items += held;
                if (held != now.stats().wins()) {
                    itemsNotMatchingWins++;
                }
            }
        }

        /**
         * After the members closed: reads every bot's player from the storage itself and compares
         * it with the newest profile the bot read (each was stored before the player answered with
         * it). Matches played that went back, or the same matches with another rating, or no
         * player at all, is acknowledged data lost.
         */
        void checkStored(final ArenaData data) {
            final Map<String, PlayerProfile> stored = data.storedProfiles(acknowledged.keySet());
            for (final Map.Entry<String, PlayerProfile> entry : acknowledged.entrySet()) {
                final PlayerProfile now = stored.get(entry.getKey());
                if (now == null || behind(now, entry.getValue())) {
                    lost.put(entry.getKey(), "acknowledged " + entry.getValue() + ", stored " + now);
                }
            }
        }

        private static boolean behind(final PlayerProfile now, final PlayerProfile acknowledged) {
            return now.stats().matches() < acknowledged.stats().matches()
                || (now.stats().matches() == acknowledged.stats().matches() && now.rating() != acknowledged.rating());
        }

        private static <T> T readWithRetry(final java.util.function.Supplier<CompletableFuture<T>> read, final long deadline) {
            while (true) {
                try {
                    return read.get().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking the players", e);
                } catch (final Exception e) {
                    if (System.nanoTime() >= deadline) {
                        throw new IllegalStateException("could not read the players back within " + CHECK_TIMEOUT_SECONDS + " s", e);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }

        void print(final ArenaData data) {
            final SwarmStats.Snapshot total = stats.total();
            System.out.println("arena: summary");
            System.out.printf("  played        %.1f s%n", seconds);
            System.out.printf("  matches       %d finished%s%n", stats.matchesFinished(),
                stats.matchesLost() > 0 ? ", " + stats.matchesLost() + " lost with a crashed member (abandoned, no rating change)" : "");
            System.out.printf("  calls         %,d (%,.0f/s), %d failed%n", total.calls(), total.calls() / seconds, total.failures());
            System.out.printf("  latency       p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", total.p50Micros() / 1000.0,
                total.p99Micros() / 1000.0, total.maxMicros() / 1000.0);
            if (probe != null) {
                System.out.printf("  chaos         member %d killed; calls to its grains succeeded again after %s%n", VICTIM,
                    probe.recoveredAfter().map(d -> String.format("%.2f s", d.toMillis() / 1000.0)).orElse("(not within the run)"));
            }
            System.out.printf("  ratings lost: %d (of %d players read back from %s)%n", lost.size(), acknowledged.size(), data);
            lost.forEach((player, why) -> System.out.printf("    %s: %s%n", player, why));
            if (!stale.isEmpty()) {
                System.out.printf("  stale reads   %d players were served an older profile than one read before%s: %s%n", stale.size(),
                    lost.isEmpty() ? " (not lost: the storage has the newer one)" : "", stale);
            }
            System.out.printf("  items         %d held by the bots' players%s%n", items,
                itemsNotMatchingWins == 0 ? ", one per win" : ", but " + itemsNotMatchingWins + " players hold another number than their wins");
        }
    }

    /** Parses 60s, 2m, 1500ms or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(final String value) {
            final String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }
    }

    /**
     * Measures how long after the crash calls to the dead member's grains succeed again: it probes
     * players that lived on the victim (by placement over the view before the crash) until one round
     * of probes all succeed.
     */
    static final class ChaosProbe {
        private static final int PROBES = 8;
        private static final long PROBE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        private final GrainFactory grains;
        private final List<String> victims = new ArrayList<>();
        private long killedAt;
        private long restartedAt;
        private long recoveredAt;
        private long nextProbe;
        private CompletableFuture<?> round;

        ChaosProbe(final GrainFactory grains, final MembershipView before, final int victim) {
            this.grains = grains;
            for (int i = 0; victims.size() < PROBES && i < 100_000; i++) {
                final String name = "probe" + i;
                if (RendezvousPlacement.owner(GrainId.of("player", name), before) == victim) {
                    victims.add(name);
                }
            }
        }

        void killed(final long now) {
            killedAt = now;
            nextProbe = now;
        }

        long killedAt() {
            return killedAt;
        }

        boolean restarted() {
            return restartedAt != 0;
        }

        void restarted(final long now) {
            restartedAt = now;
        }

        void poll(final long now) {
            if (recoveredAt != 0) {
                return;
            }
            if (round != null && round.isDone()) {
                if (!round.isCompletedExceptionally()) {
                    recoveredAt = now;
                    return;
                }
                round = null;
            }
            if (round == null && now >= nextProbe) {
                final List<CompletableFuture<?>> calls = new ArrayList<>();
                for (final String name : victims) {
                    calls.add(grains.get(Player.class, name).profile());
                }
                round = CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
                nextProbe = now + PROBE_EVERY_NANOS;
            }
        }

        java.util.Optional<Duration> recoveredAfter() {
            return recoveredAt == 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(recoveredAt - killedAt));
        }
    }
}
