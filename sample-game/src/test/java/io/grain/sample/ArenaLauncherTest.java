package io.grain.sample;

import io.grain.runtime.wire.ProtoReader;
import io.grain.sample.arena.PlayerState;
import io.grain.sample.arena.PlayerStateStoredType;
import io.grain.storage.StateKey;
import io.grain.storage.StoredState;
import io.grain.storage.jdbc.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job end to end, short: two member JVMs over Aeron UDP on loopback sharing one SQLite
 * file, each with a gateway, bots as WebSocket clients of the gateways, a SIGKILL and a restart of
 * a member (the bots of its gateway reconnect to the other one and play on), and the summary, with
 * no rating lost; then a second run on the same data, in which players carry on from what they had. Nothing
 * may be left running or on disk. The timeout only guards against a hang; nothing here measures time.
 */
class ArenaLauncherTest {
    private static final int BOTS = 8;
    /**
     * The directory of a member on an ephemeral port ({@code grain-<id>-<host>-0-<random>}): some
     * other test's, running beside this one; the launcher and its members use fixed ports.
     */
    private static final Pattern ENDPOINT_DIRECTORY = Pattern.compile("grain-\\d+-.+-(\\d+)");
    /** Ports a launcher run takes from its base port: its members' and its own client's. */
    private static final int RUN_PORTS = 10;
    /** The launcher's default base port, for runs that do not give one. */
    private static final int DEFAULT_BASE_PORT = new ArenaLauncher().basePort;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void runsTheGameThroughACrashToItsSummaryLosingNoRatingAndTheNextRunCarriesOn() throws Exception {
        final Path db = dir.resolve("data").resolve("arena.db");
        Files.createDirectories(db.getParent());
        Files.writeString(db, "not a database: --fresh must remove it");
        final String first = run("--members=2", "--bots=" + BOTS, "--duration=12s", "--chaos", "--base-port=20700",
            "--storage=" + db, "--fresh", "--web-port=0");
        final Matcher killed = Pattern.compile("arena: chaos: member 1 killed with SIGKILL \\((\\d+) bots were connected to its gateway\\)")
            .matcher(first);
        assertTrue(killed.find(), first);
        final int onVictim = Integer.parseInt(killed.group(1));
        assertTrue(onVictim >= 1, "bots were connected to the killed member's gateway:\n" + first);
        assertTrue(first.contains("arena: chaos: member 1 restarted"), first);
        assertTrue(first.contains("arena: summary"), first);
        assertTrue(first.matches("(?s).*matches\\s+[1-9]\\d* finished.*"), "matches were played:\n" + first);
        assertTrue(first.contains("calls to its grains succeeded again after"), first);
        assertTrue(first.contains("ratings lost: 0 (of " + BOTS + " players read back from " + db + ")"), first);
        assertTrue(first.matches("(?s).*items\\s+[1-9]\\d* held by the bots' players, one per win.*"), first);
        // failover: the bots connected to the killed member's gateway reconnected to the other one and played on
        final Matcher failover = Pattern.compile("(\\d+) bots lost their gateway connection and reconnected, (\\d+) of them played on")
            .matcher(first);
        assertTrue(failover.find(), "bots reconnected after the SIGKILL:\n" + first);
        assertTrue(Integer.parseInt(failover.group(1)) >= onVictim, "the killed gateway's bots all reconnected:\n" + first);
        assertTrue(Integer.parseInt(failover.group(2)) >= onVictim, "and played on:\n" + first);
        assertTrue(first.contains("arena: web page at http://127.0.0.1:"), first);
        final Map<String, Integer> played = matchesPlayed(db);
        assertEquals(BOTS, played.size(), "every bot's player is stored: " + played);

        final String second = run("--members=2", "--bots=" + BOTS, "--duration=12s", "--base-port=20710", "--storage=" + db,
            "--web-port=0");
        assertTrue(second.contains("ratings lost: 0 (of " + BOTS + " players read back from " + db + ")"), second);
        final Map<String, Integer> playedAfter = matchesPlayed(db);
        for (final Map.Entry<String, Integer> before : played.entrySet()) {
            assertTrue(playedAfter.get(before.getKey()) >= before.getValue(),
                before.getKey() + " carried on from its stored matches: " + played + " then " + playedAfter);
        }
        assertTrue(playedAfter.values().stream().mapToInt(Integer::intValue).sum()
            > played.values().stream().mapToInt(Integer::intValue).sum(), "the second run played on: " + playedAfter);
    }

    @Test
    void refusesStorageAndPostgresTogether() {
        final String output = run("--storage=" + dir.resolve("x.db"), "--postgres=jdbc:postgresql://localhost/arena");
        assertTrue(output.contains("--storage or --postgres, not both"), output);
        assertFalse(Files.exists(dir.resolve("x.db")));
    }

    /**
     * Aeron directories that this JVM's launcher may have made: member directories are named after
     * the launching process ({@code grain-arena-<pid>-...}), the launcher's own client directory
     * after its endpoint ({@code grain-<id>-<host>-<port>}, on one of the run's ports from
     * {@code basePort}); directories of other builds' launchers and members running beside this one
     * are left out.
     */
    private static Set<String> aeronDirectories(final int basePort) {
        final String otherLaunchers = "grain-arena-";
        final String ours = otherLaunchers + ProcessHandle.current().pid() + "-";
        final String[] names = new File("/dev/shm").list((d, name) -> name.startsWith(ours)
            || (name.startsWith("grain-") && !name.startsWith(otherLaunchers) && onRunPort(name, basePort)));
        return names == null ? new HashSet<>() : new HashSet<>(Arrays.asList(names));
    }

    /** Whether a {@code grain-<id>-<host>-<port>} directory names one of the ports a run from {@code basePort} uses. */
    private static boolean onRunPort(final String name, final int basePort) {
        final Matcher endpoint = ENDPOINT_DIRECTORY.matcher(name);
        if (!endpoint.matches()) {
            return false;
        }
        final int port = Integer.parseInt(endpoint.group(1));
        return port >= basePort && port < basePort + RUN_PORTS;
    }

    /** Runs the launcher in this JVM and returns what it printed; checks it left nothing running or on disk. */
    private static String run(final String... args) {
        // only what this run made counts: other builds on the machine may have members of their own
        final int basePort = Arrays.stream(args).filter(arg -> arg.startsWith("--base-port="))
            .mapToInt(arg -> Integer.parseInt(arg.substring("--base-port=".length()))).findFirst().orElse(DEFAULT_BASE_PORT);
        final Set<String> before = aeronDirectories(basePort);
        final LauncherRun run = LauncherRun.of(args);
        final int exit = run.exit();
        final String output = run.output();
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no member process left");
        final Set<String> left = aeronDirectories(basePort);
        left.removeAll(before);
        assertTrue(left.isEmpty(), "no Aeron directory left: " + left);
        if (output.contains("arena: summary")) {
            assertEquals(0, exit, output);
        }
        return output;
    }

    /** Matches played of every stored player, read from the file without the game. */
    private static Map<String, Integer> matchesPlayed(final Path db) throws Exception {
        final Map<String, Integer> played = new TreeMap<>();
        try (JdbcStorage storage = JdbcStorage.sqlite(db)) {
            for (int i = 0; i < BOTS; i++) {
                final StoredState stored = storage.readState(new StateKey("player", "s:bot" + i, "player_state")).get(30, TimeUnit.SECONDS);
                if (stored != null && stored.payload() != null) {
                    final PlayerState state = PlayerStateStoredType.INSTANCE.read(new ProtoReader(stored.payload()));
                    played.put("bot" + i, state.stats().matches());
                }
            }
        }
        return played;
    }
}
