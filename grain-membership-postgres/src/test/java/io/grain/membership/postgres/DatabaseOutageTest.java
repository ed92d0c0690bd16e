package io.grain.membership.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PostgreSQL stopped under a running cluster and started again on the same data directory and
 * port: the members keep their view and keep serving each other while it is down (longer than the
 * probe timeout), and once it is back they take up changes again (a new member joins).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatabaseOutageTest {
    @Test
    void theClusterKeepsItsViewAndServesWhileTheDatabaseIsDownAndResumesWhenItIsBack() throws Exception {
        final File data = Files.createTempDirectory("grain-pg-outage").toFile();
        final int port = freePort();
        EmbeddedPostgres postgres = start(data, port);
        final String url = postgres.getJdbcUrl("postgres", "postgres");
        try (Members members = new Members(url)) {
            members.start(1);
            members.start(2);
            members.start(3);
            members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
            // three joins: every member has read the table at version 3
            final long version = 3;
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.tableVersion() == version),
                () -> "versions " + members.providers.values().stream().map(PostgresMembership::tableVersion).toList());

            postgres.close();
            // every member has found the database gone, several attempts over (at least) the probe timeout
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.databaseFailures() >= 4),
                () -> "failures " + members.providers.values().stream().map(PostgresMembership::databaseFailures).toList());
            for (final int id : List.of(1, 2, 3)) {
                assertArrayEquals(new int[] {1, 2, 3}, members.transports.get(id).clusterView().aliveIds(),
                    "member " + id + " keeps its view: " + members.views(List.of(1, 2, 3)));
            }
            members.exchange(1, 2, "while the database is down");
            members.exchange(2, 3, "still");
            members.exchange(3, 1, "and still");
            for (final int id : List.of(1, 2, 3)) {
                assertArrayEquals(new int[] {1, 2, 3}, members.transports.get(id).clusterView().aliveIds());
                assertEquals(version, members.providers.get(id).tableVersion(), "nothing was read or written meanwhile");
            }

            postgres = start(data, port);
            members.start(4);
            members.awaitAgreement(List.of(1, 2, 3, 4), 1, 2, 3, 4);
            Await.until(Await.CONVERGE, () -> members.providers.values().stream().allMatch(p -> p.tableVersion() == version + 1),
                () -> "every member reads the table again: " + members.providers.values().stream()
                    .map(PostgresMembership::tableVersion).toList());
            members.exchange(4, 1, "after the database came back");
        } finally {
            postgres.close();
            IoUtil.delete(data, true);
        }
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
