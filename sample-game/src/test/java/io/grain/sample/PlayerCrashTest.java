package io.grain.sample;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.wire.ProtoReader;
import io.grain.sample.arena.MatchOutcome;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerProfile;
import io.grain.sample.arena.PlayerState;
import io.grain.sample.arena.PlayerStateStoredType;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.StoredState;
import io.grain.storage.jdbc.JdbcStorage;
import io.grain.transport.aeron.AeronTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash test of persistence, with member JVMs sharing one SQLite file: a member writing under
 * load is killed with SIGKILL and restarted, then the whole cluster is; every acknowledged result
 * is there, counted per player. And two clusters writing one player through the same file: the
 * write that meets the other's conflicts, and the grain then serves the other's state.
 * Everything waits by bounded polling; nothing here depends on timing.
 */
class PlayerCrashTest {
    private static final String HOST = "127.0.0.1";
    private static final int PLAYERS = 16;
    /** Bound of every wait of this test; only a broken cluster gets near it. */
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    @Timeout(300)
    void everyAcknowledgedResultSurvivesSigkillOfItsMemberAndAFullRestart() throws Exception {
        final Path db = dir.resolve("arena.db");
        final List<String> endpoints = List.of(HOST + ":" + freePort(), HOST + ":" + freePort());
        final String key = ArenaLauncher.newClusterKey();
        final MemberProcesses members = new MemberProcesses(endpoints, dir.resolve("logs"), key, List.of("--storage=" + db));
        open.add(members);
        members.start(0);
        members.start(1);
        Client client = client(endpoints, key);
        ArenaLauncher.awaitView(client.transport, 2);

        final Driver driver = new Driver(client.grains());
        final List<String> onVictim = new ArrayList<>();
        for (final Writer w : driver.writers) {
            if (RendezvousPlacement.owner(GrainId.of("player", w.player), client.transport.membership().view()) == 1) {
                onVictim.add(w.player);
            }
        }
        assertTrue(!onVictim.isEmpty(), "some players live on member 1");

        driver.runUntil(() -> driver.acknowledged() >= 200);
        final long beforeKill = driver.acknowledgedOf(onVictim);
        members.kill(1); // SIGKILL while results are being written
        driver.runUntil(() -> driver.acknowledgedOf(onVictim) >= beforeKill + 50); // its players come back on member 0
        members.start(1);
        final long afterRestart = driver.acknowledged();
        driver.runUntil(() -> driver.acknowledged() >= afterRestart + 100); // and move back to member 1
        driver.drain();
        assertTrue(driver.failures > 0, "the crash failed calls in flight, which were reported again");

        checkEveryResultIsThere(client.grains(), driver);
        System.out.printf("crash test: %d results acknowledged for %d players (%d on the killed member), %d failed calls reported again%n",
            driver.acknowledged(), PLAYERS, onVictim.size(), driver.failures);

        // the whole cluster dies with SIGKILL and starts again on the same file
        client.close();
        open.remove(client);
        members.kill(0);
        members.kill(1);
        members.start(0);
        members.start(1);
        client = client(endpoints, key);
        ArenaLauncher.awaitView(client.transport, 2);
        checkEveryResultIsThere(client.grains(), driver);
        client.close();
        open.remove(client);
        members.closeAll();

        // and in the file itself, read without the game
        try (JdbcStorage storage = JdbcStorage.sqlite(db)) {
            for (final Writer w : driver.writers) {
                final StoredState stored = storage.readState(new StateKey("player", "s:" + w.player, "player_state")).get(30, TimeUnit.SECONDS);
                assertNotNull(stored, w.player);
                final PlayerState state = PlayerStateStoredType.INSTANCE.read(new ProtoReader(stored.payload()));
                assertEquals(w.acknowledged, state.stats().matches(), w.player + ": stored matches = acknowledged results");
            }
        }
    }

    @Test
    @Timeout(240)
    void afterAConflictWithAnotherClusterOnTheSameFileThePlayerServesWhatTheOtherStored() throws Exception {
        final Path db = dir.resolve("shared.db");
        final String key = ArenaLauncher.newClusterKey();
        // two clusters of one member each that do not know each other: two activations of "duel"
        final List<String> left = List.of(HOST + ":" + freePort());
        final List<String> right = List.of(HOST + ":" + freePort());
        final MemberProcesses leftMember = new MemberProcesses(left, dir.resolve("left-logs"), key, List.of("--storage=" + db));
        open.add(leftMember);
        final MemberProcesses rightMember = new MemberProcesses(right, dir.resolve("right-logs"), key, List.of("--storage=" + db));
        open.add(rightMember);
        leftMember.start(0);
        rightMember.start(0);
        final Client leftClient = client(left, key);
        final Client rightClient = client(right, key);
        ArenaLauncher.awaitView(leftClient.transport, 1);
        ArenaLauncher.awaitView(rightClient.transport, 1);
        final Player onLeft = leftClient.grains().get(Player.class, "duel");
        final Player onRight = rightClient.grains().get(Player.class, "duel");

        assertTrue(join(onLeft.recordResult(new MatchOutcome(1, 1, 10, 0))));
        assertEquals(1, join(onRight.profile()).stats().matches(), "the right activation loads the left's write");
        assertTrue(join(onLeft.recordResult(new MatchOutcome(2, 1, 10, 0))));

        final CompletionException conflict = assertThrows(CompletionException.class,
            () -> onRight.recordResult(new MatchOutcome(3, 2, -5, 0)).join());
        assertEquals(StateConflictException.class.getName(), assertInstanceOf(GrainException.class, conflict.getCause()).errorType());
        final PlayerProfile fresh = join(onRight.profile());
        assertEquals(2, fresh.stats().matches(), "after its conflict the grain serves the other cluster's write: " + fresh);
        assertEquals(1_020, fresh.rating());

        assertTrue(join(onRight.recordResult(new MatchOutcome(3, 2, -5, 0))), "reported again, it applies on top");
        assertEquals(new PlayerProfile("duel", 1_015, new io.grain.sample.arena.PlayerStats(3, 2, 0)), join(onRight.profile()));
        // the left activation is behind now; its next write conflicts and then it serves the right's
        assertThrows(CompletionException.class, () -> onLeft.recordResult(new MatchOutcome(4, 1, 10, 0)).join());
        assertEquals(3, join(onLeft.profile()).stats().matches());
    }

    /** Every player's matches played and rating are exactly its acknowledged results (each +1). */
    private static void checkEveryResultIsThere(final GrainFactory grains, final Driver driver) {
        for (final Writer w : driver.writers) {
            final PlayerProfile profile = readWithRetry(() -> grains.get(Player.class, w.player).profile());
            assertEquals(w.acknowledged, profile.stats().matches(), w.player + ": matches played = acknowledged results");
            assertEquals(1_000 + w.acknowledged, profile.rating(), w.player);
            assertEquals(w.wins, readWithRetry(() -> grains.get(Player.class, w.player).items()).size(), w.player + ": one item per win");
        }
    }

    private static <T> T join(final CompletableFuture<T> call) {
        return call.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static <T> T readWithRetry(final Supplier<CompletableFuture<T>> read) {
        final long deadline = System.nanoTime() + PHASE_NANOS;
        while (true) {
            try {
                return read.get().orTimeout(30, TimeUnit.SECONDS).join();
            } catch (final CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    private Client client(final List<String> seeds, final String key) {
        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(ArenaLauncher.CLIENT_ID)
            .endpoint(HOST + ":" + freePort())
            .seeds(seeds)
            .clusterKey(key)
            .client(true));
        final Client client = new Client(transport, GrainClient.builder().transport(transport).connect());
        open.add(client);
        return client;
    }

    private static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test JVM's client, with its transport at hand for the membership view; closing the client closes both. */
    private record Client(AeronTransport transport, GrainClient client) implements AutoCloseable {
        GrainFactory grains() {
            return client.grains();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * One player's stream of results, one in flight at a time: match 1, 2, 3... each +1 rating, every
     * other one a win. A result whose call failed is reported again (same match) until it is
     * acknowledged; an answer of false means an earlier attempt had applied it, which counts too.
     */
    private static final class Writer {
        final String player;
        long nextMatch = 1;
        long acknowledged;
        long wins;
        /** Whether result {@code nextMatch} was started and is not acknowledged yet. */
        boolean pending;
        CompletableFuture<Boolean> inFlight;
        long notBefore;

        Writer(final String player) {
            this.player = player;
        }

        MatchOutcome outcome() {
            return new MatchOutcome(nextMatch, nextMatch % 2 == 0 ? 1 : 2, 1, 0);
        }
    }

    /** Drives every writer from the test thread, polling their calls. */
    private static final class Driver {
        final GrainFactory grains;
        final List<Writer> writers = new ArrayList<>();
        long failures;

        Driver(final GrainFactory grains) {
            this.grains = grains;
            for (int i = 0; i < PLAYERS; i++) {
                writers.add(new Writer("crash" + i));
            }
        }

        long acknowledged() {
            return writers.stream().mapToLong(w -> w.acknowledged).sum();
        }

        long acknowledgedOf(final List<String> players) {
            return writers.stream().filter(w -> players.contains(w.player)).mapToLong(w -> w.acknowledged).sum();
        }

        /** Writes until {@code done}, starting new results. */
        void runUntil(final java.util.function.BooleanSupplier done) {
            run(done, true);
        }

        /** Starts no new results and waits until every one in flight is acknowledged. */
        void drain() {
            run(() -> writers.stream().noneMatch(w -> w.pending), false);
        }

        private void run(final java.util.function.BooleanSupplier done, final boolean startNew) {
            final long deadline = System.nanoTime() + PHASE_NANOS;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the writes did not get there within the bound: " + acknowledged() + " acknowledged, "
                        + failures + " failed calls");
                }
                final long now = System.nanoTime();
                for (final Writer w : writers) {
                    if (w.inFlight != null && w.inFlight.isDone()) {
                        if (w.inFlight.isCompletedExceptionally()) {
                            // reported again below, the same match: applied at most once, whatever became of this call
                            failures++;
                            w.notBefore = now + RETRY_PAUSE_NANOS;
                        } else {
                            w.acknowledged++;
                            if (w.outcome().placement() == 1) {
                                w.wins++;
                            }
                            w.nextMatch++;
                            w.pending = false;
                        }
                        w.inFlight = null;
                    }
                    if (w.inFlight == null && !w.pending && startNew) {
                        w.pending = true;
                    }
                    if (w.inFlight == null && w.pending && now >= w.notBefore) {
                        w.inFlight = grains.get(Player.class, w.player).recordResult(w.outcome());
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
