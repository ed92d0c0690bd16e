package io.grain.transport.aeron.process;

import io.grain.process.ChildJvm;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainClient;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.grains.Tally;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three member JVMs on loopback and a client (in this JVM) under a steady call load; one member is
 * SIGKILLed, its grains come back on the survivors, it is restarted at the same address and
 * rejoins as a new incarnation. Every call completes or fails within its timeout. Before the kill,
 * a 1 MiB argument and a 1 MiB reply travel between two member processes.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MultiProcessClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(MultiProcessClusterTest.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** A call that has neither completed nor failed this long after its timeout hangs. */
    private static final long HANG_MS = CALL_TIMEOUT.toMillis() + 5_000;
    private static final Duration START = Duration.ofSeconds(60);
    /** Generous bound on detection + re-routing on a loaded 2-core machine; the defaults aim at ~2-3 s. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);
    private static final int KEYS = 24;
    private static final int VICTIM = 2;

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();

    @Test
    void aMemberKilledUnderLoadFailsOverAndRejoins() throws Exception {
        final String run = "grain-mp-" + UUID.randomUUID().toString().substring(0, 8);
        final File logs = new File("target/multi-process-logs");
        logs.mkdirs();
        final List<ChildJvm> processes = new ArrayList<>();
        final String clientDir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, run + "-client").getPath();
        AeronTransport clientTransport = null;
        GrainClient client = null;
        final AtomicBoolean stop = new AtomicBoolean();
        Thread loader = null;
        try {
            final ChildJvm m0 = member(0, "127.0.0.1:0", "-", dir(run, 0), new File(logs, run + "-m0.log"));
            processes.add(m0);
            final String seed = m0.awaitReady();
            final ChildJvm m1 = member(1, "127.0.0.1:0", seed, dir(run, 1), new File(logs, run + "-m1.log"));
            processes.add(m1);
            ChildJvm m2 = member(VICTIM, "127.0.0.1:0", seed, dir(run, VICTIM), new File(logs, run + "-m2.log"));
            processes.add(m2);
            m1.awaitReady();
            final String victimEndpoint = m2.awaitReady();

            clientTransport = AeronTransport.launch(new AeronTransport.Context()
                .memberId(100).endpoint("127.0.0.1:0").seeds(seed).client(true).embeddedDirectoryName(clientDir));
            client = GrainClient.builder().callTimeout(CALL_TIMEOUT).transport(clientTransport).connect();
            final AeronTransport ct = clientTransport;
            final GrainClient c = client;
            await(START, () -> sameMembers(ct.membership().view(), 0, 1, 2), () -> "client sees 0,1,2: " + ct.clusterView());

            largeCallBetweenMembers(c, ct.membership().view());

            final List<String> victimKeys = keysOwnedBy(ct.membership().view(), VICTIM);
            assertTrue(round(c, victimKeys).stream().allMatch(h -> h == VICTIM), "the victim hosts its keys before the kill");

            loader = new Thread(() -> {
                while (!stop.get()) {
                    round(c, allKeys());
                }
            }, "load");
            loader.setDaemon(true);
            loader.start();
            await(START, () -> ok.get() > 3 * KEYS, () -> "load running: " + ok.get());

            final long victimIncarnation = ct.clusterView().record(VICTIM).incarnation();
            final long killedAt = System.nanoTime();
            m2.kill();
            LOG.info("SIGKILLed member {} (pid {})", VICTIM, m2.pid());
            await(FAILOVER_BOUND, () -> !ct.membership().view().contains(VICTIM), () -> "victim out of the client's view");
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            await(FAILOVER_BOUND, () -> round(c, victimKeys).stream().allMatch(h -> h == 0 || h == 1),
                () -> "the victim's grains answer from survivors");
            final long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            LOG.info("member {} out of the view {} ms after SIGKILL; its grains answered from survivors after {} ms",
                VICTIM, detectedMs, failoverMs);

            m2 = member(VICTIM, victimEndpoint, seed, dir(run, VICTIM), new File(logs, run + "-m2-restarted.log"));
            processes.add(m2);
            m2.awaitReady();
            await(START, () -> ct.membership().view().contains(VICTIM)
                && ct.clusterView().record(VICTIM).incarnation() > victimIncarnation, () -> "victim rejoined: " + ct.clusterView());
            await(START, () -> round(c, victimKeys).stream().allMatch(h -> h == VICTIM), () -> "the restarted member hosts its keys again");

            stop.set(true);
            loader.join(HANG_MS * 2);
            assertFalse(loader.isAlive(), "the load thread finished");
            LOG.info("calls: {} ok, {} failed (in the failover window), {} hung", ok.get(), failed.get(), hung.get());
            assertEquals(0, hung.get(), "no call hangs past its timeout");
            assertTrue(ok.get() > 0);
        } finally {
            stop.set(true);
            if (loader != null) {
                loader.join(HANG_MS * 2);
            }
            CloseHelper.quietClose(client != null ? client : clientTransport); // the client owns its transport
            for (final ChildJvm p : processes) {
                p.close();
            }
            IoUtil.delete(new File(clientDir), true);
        }
        for (final ChildJvm p : processes) {
            assertFalse(p.isAlive(), p.name() + " process is gone");
        }
        for (int id = 0; id <= VICTIM; id++) {
            assertFalse(new File(dir(run, id)).exists(), "directory of member " + id + " is gone");
        }
        assertFalse(new File(clientDir).exists());
    }

    /**
     * A 1 MiB argument and a 1 MiB reply between two member processes: the client asks a tally on
     * member 0 to have a tally on member 1 echo 1 MiB, so member 0's process sends the 1 MiB argument
     * to member 1's and gets the 1 MiB reply back (then hands it on to the client), each in chunks
     * over Aeron UDP. Every byte must come back as it was sent.
     */
    private static void largeCallBetweenMembers(final GrainClient client, final MembershipView view) throws Exception {
        final String onMember0 = keyOwnedBy(view, 0, "sender-");
        final String onMember1 = keyOwnedBy(view, 1, "echoer-");
        final byte[] data = new byte[1 << 20];
        new java.util.Random(13).nextBytes(data);
        final Tally sender = client.grains().get(Tally.class, onMember0);
        assertEquals(0, sender.host().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1, client.grains().get(Tally.class, onMember1).host().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        final byte[] reply = sender.echoVia(onMember1, data.clone()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertEquals(data.length, reply.length, "the 1 MiB reply arrived whole");
        assertTrue(java.util.Arrays.equals(data, reply), "every byte of the 1 MiB argument and reply as sent");
    }

    private static String keyOwnedBy(final MembershipView view, final int member, final String prefix) {
        for (int i = 0; ; i++) {
            if (RendezvousPlacement.owner(GrainId.of("tally", prefix + i), view) == member) {
                return prefix + i;
            }
        }
    }

    /**
     * Launches a {@link MemberMain} JVM without waiting, so that members start side by side; it prints
     * {@code READY <endpoint>} when it listens and leaves when its standard input closes. Surefire's
     * test classpath, since the member's main class is a test class.
     */
    private static ChildJvm member(final int id, final String endpoint, final String seeds, final String aeronDir, final File log) {
        return ChildJvm.builder("member-" + id, MemberMain.class)
            .classpath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
            .jvmOptions("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
            .args(String.valueOf(id), endpoint, seeds, aeronDir)
            .logFile(log.toPath())
            .readyLine("READY ", START)
            .leaveTimeout(Duration.ofSeconds(15))
            .aeronDirectory(new File(aeronDir).toPath())
            .launch();
    }

    private static String dir(final String run, final int id) {
        return new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, run + "-m" + id).getPath();
    }

    private static List<String> allKeys() {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("load-" + i);
        }
        return keys;
    }

    private static List<String> keysOwnedBy(final MembershipView view, final int member) {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < 6; i++) {
            final String key = "victim-" + i;
            if (RendezvousPlacement.owner(GrainId.of("tally", key), view) == member) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Calls host() on every key; returns the hosts (-1 for a failed call). Counts hangs. */
    private List<Integer> round(final GrainClient client, final List<String> keys) {
        final List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (final String key : keys) {
            calls.add(client.grains().get(Tally.class, key).host());
        }
        final List<Integer> hosts = new ArrayList<>();
        for (final CompletableFuture<Integer> call : calls) {
            try {
                hosts.add(call.get(HANG_MS, TimeUnit.MILLISECONDS));
                ok.incrementAndGet();
            } catch (final ExecutionException ex) {
                failed.incrementAndGet();
                hosts.add(-1);
            } catch (final TimeoutException ex) {
                hung.incrementAndGet();
                hosts.add(-1);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                hosts.add(-1);
            }
        }
        return hosts;
    }

    private static boolean sameMembers(final MembershipView view, final int... ids) {
        if (view.size() != ids.length) {
            return false;
        }
        for (final int id : ids) {
            if (!view.contains(id)) {
                return false;
            }
        }
        return true;
    }

    private static void await(final Duration timeout, final BooleanSupplier condition, final java.util.function.Supplier<String> what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
