package io.grain.sample;

import io.grain.sample.hosts.HostNetwork;
import io.grain.sample.hosts.HostsDrill;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Arena members on separate hosts (network namespaces, one address each, on a bridge), bots
 * playing from the root namespace, one host cut off and healed ({@link HostsDrill}). Runs where the
 * build runs as root with the {@code ip} command (CI); skipped with the reason elsewhere.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SeparateHostsTest {
    private static final long PID = ProcessHandle.current().pid();

    @BeforeAll
    static void needsNamespaces() {
        final String unavailable = HostNetwork.unavailableReason();
        assumeTrue(unavailable == null, () -> "separate hosts skipped: " + unavailable);
    }

    @Test
    void aHostCutOffWithGossipMembershipIsDeclaredDeadServedElsewhereAndRejoinsAsANewIncarnation() throws IOException {
        final Path dir = Path.of("target", "separate-hosts", "gossip").toAbsolutePath();
        Files.createDirectories(dir);
        final Path data = dir.resolve("arena.db");
        Files.deleteIfExists(data);
        final HostsDrill.Result result = new HostsDrill(new HostsDrill.Settings(3, 10, 2, 7000, dir, List.of("--storage=" + data))).run();
        System.out.println(result.summary());
        assertNothingLeft();

        assertTrue(result.detectedMs() <= HostsDrill.DETECTION_BOUND.toMillis(), result.summary());
        assertTrue(result.failoverMs() > 0 && result.botSuccessesAfterFailover() > 0, "the bots' calls succeed again: " + result.summary());
        assertTrue(result.newIncarnation() > result.oldIncarnation(), "a new incarnation: " + result.summary());
        assertTrue(result.servedByNewIncarnationMs() >= 0, "its grains answer from the new incarnation: " + result.summary());
        assertTrue(result.maxDualActivationMs() <= HostsDrill.DETECTION_BOUND.toMillis(), result.summary());
        assertEquals(List.of(), result.problems(), result.summary());
    }

    /** No namespace, link or bridge of this JVM, and no Aeron directory of the drill, is left. */
    static void assertNothingLeft() throws IOException {
        final Process list = new ProcessBuilder("ip", "-o", "link", "show").redirectErrorStream(true).start();
        final String links = new String(list.getInputStream().readAllBytes());
        final Process netns = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        final String namespaces = new String(netns.getInputStream().readAllBytes());
        assertFalse(namespaces.contains("grainns-" + PID + "-"), "namespaces left: " + namespaces);
        assertFalse(links.contains("gbr" + PID) || links.contains("gv" + PID + "h"), "links left: " + links);
        final String[] shm = new File("/dev/shm").list((d, name) -> name.startsWith("grain-netns-" + PID + "-"));
        assertTrue(shm == null || shm.length == 0, "Aeron directories left: " + (shm == null ? "" : String.join(", ", shm)));
    }
}
