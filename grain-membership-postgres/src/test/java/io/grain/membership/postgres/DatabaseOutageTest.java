package io.grain.membership.postgres;

import io.grain.membership.postgres.grains.Where;
import io.grain.runtime.GrainMember;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PostgreSQL stopped under a running cluster of grain members and started again on the same data
 * directory and port: the members keep their view and keep serving grain calls while it is down
 * (longer than the probe timeout), and once it is back they take up changes again (a new member
 * joins and hosts grains).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatabaseOutageTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int KEYS = 48;

    @Test
    void theClusterKeepsItsViewAndServesWhileTheDatabaseIsDownAndResumesWhenItIsBack() throws Exception {
        final File data = Files.createTempDirectory("grain-pg-outage").toFile();
        final int port = freePort();
        EmbeddedPostgres postgres = start(data, port);
        final String url = postgres.getJdbcUrl("postgres", "postgres");
        try (Members members = new Members(url)) {
            for (final int id : List.of(1, 2, 3)) {
                members.startGrainMember(id, CALL_TIMEOUT);
            }
            members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
            // three joins: every member has read the table at version 3
            final long version = 3;
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.tableVersion() == version),
                () -> "versions " + members.providers.values().stream().map(PostgresMembership::tableVersion).toList());
            assertEquals(Set.of(1, 2, 3), hostsSeenBy(members.grainMembers.get(1)), "grains spread over the three");

            postgres.close();
            // every member has found the database gone, several attempts over (at least) the probe timeout
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.databaseFailures() >= 4),
                () -> "failures " + members.providers.values().stream().map(PostgresMembership::databaseFailures).toList());
            for (final int id : List.of(1, 2, 3)) {
                assertEquals(Set.of(1, 2, 3), hostsSeenBy(members.grainMembers.get(id)),
                    "member " + id + "'s calls reach grains on every member while the database is down");
            }
            for (final int id : List.of(1, 2, 3)) {
                assertArrayEquals(new int[] {1, 2, 3}, members.transports.get(id).clusterView().aliveIds(),
                    "member " + id + " keeps its view: " + members.views(List.of(1, 2, 3)));
                assertEquals(version, members.providers.get(id).tableVersion(), "nothing was read or written meanwhile");
            }

            postgres = start(data, port);
            members.startGrainMember(4, CALL_TIMEOUT);
            members.awaitAgreement(List.of(1, 2, 3, 4), 1, 2, 3, 4);
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.tableVersion() == version + 1),
                () -> "every member reads the table again: " + members.providers.values().stream()
                    .map(PostgresMembership::tableVersion).toList());
            assertEquals(Set.of(1, 2, 3, 4), hostsSeenBy(members.grainMembers.get(4)), "the new member hosts its share");
        } finally {
            postgres.close();
            IoUtil.delete(data, true);
        }
    }

    /** Calls {@link #KEYS} grains from {@code caller} and returns the members that answered; every call must succeed. */
    private static Set<Integer> hostsSeenBy(final GrainMember caller) throws Exception {
        final Set<Integer> hosts = new TreeSet<>();
        for (int k = 0; k < KEYS; k++) {
            hosts.add(caller.grains().get(Where.class, "key-" + k).host().get(2 * CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        return hosts;
    }

    private static EmbeddedPostgres start(final File data, final int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
