package io.grain.sample;

import io.grain.membership.postgres.PostgresMembership;
import io.grain.sample.hosts.HostNetwork;
import io.grain.sample.hosts.HostsDrill;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The separate-hosts drill ({@link HostsDrill}) on the PostgreSQL membership table: an embedded
 * PostgreSQL listens on the bridge's address in the root namespace, reachable from every host
 * (its own pg_hba.conf admits the drill's subnet); the members run with {@code --membership
 * postgres} and the bots' client on a {@link PostgresMembership} of the same table. Cutting a host
 * off also takes the database away from it. Runs as root with the {@code ip} command (CI); skipped
 * with the reason elsewhere.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SeparateHostsPostgresTest {
    /**
     * docs/MEMBERSHIP.md section 4 at its longest with the defaults: the probe timeout (2 s), two
     * probe intervals (0.4 s) and a refresh period (1 s) for the survivors to read the verdict; plus
     * 2 s, as for gossip, for database round trips and a loaded machine.
     */
    private static final Duration DETECTION_BOUND = Duration.ofMillis(5_400);

    @BeforeAll
    static void needsNamespaces() {
        final String unavailable = HostNetwork.unavailableReason();
        assumeTrue(unavailable == null, () -> "separate hosts skipped: " + unavailable);
    }

    @Test
    void aHostCutOffWithPostgresMembershipIsDeclaredDeadServedElsewhereAndRejoinsAsANewIncarnation() throws IOException {
        final Path dir = Path.of("target", "separate-hosts", "postgres").toAbsolutePath();
        Files.createDirectories(dir);
        final Path data = dir.resolve("arena.db");
        Files.deleteIfExists(data);
        final String cluster = "netns-" + ProcessHandle.current().pid();
        HostNetwork.sweepStale();
        final HostsDrill.Result result;
        try (HostNetwork network = HostNetwork.create(3)) {
            final Path hba = dir.resolve("pg_hba.conf");
            Files.writeString(hba, "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all " + network.subnet() + " trust\n");
            try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1," + network.bridgeAddress())
                .setServerConfig("hba_file", hba.toString())
                .start()) {
                final String url = "jdbc:postgresql://" + network.bridgeAddress() + ":" + server.getPort() + "/postgres?user=postgres";
                final List<String> options = List.of("--storage=" + data, "--membership=postgres", "--membership-url=" + url,
                    "--membership-cluster=" + cluster);
                final HostsDrill.ClientMembership client = (context, endpoints, net) -> context.membershipProvider(
                    new PostgresMembership(new PostgresMembership.Context().url(url).clusterId(cluster)));
                result = new HostsDrill(new HostsDrill.Settings(3, 10, 2, 7000, dir, options, client, DETECTION_BOUND)).run(network);
            }
        }
        System.out.println(result.summary());

        assertTrue(result.detectedMs() <= DETECTION_BOUND.toMillis(), result.summary());
        assertTrue(result.botSuccessesAfterFailover() > 0, "the bots' calls succeed again: " + result.summary());
        assertTrue(result.newIncarnation() > result.oldIncarnation(), "a new incarnation: " + result.summary());
        assertTrue(result.servedByNewIncarnationMs() >= 0, "its grains answer from the new incarnation: " + result.summary());
        assertTrue(result.maxDualActivationMs() <= DETECTION_BOUND.toMillis(), result.summary());
        assertEquals(List.of(), result.problems(), result.summary());
        SeparateHostsTest.assertNothingLeft();
    }
}
