package io.grain.sample;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher with {@code --membership postgres}: the member JVMs and the bots' client find each
 * other through the membership table in a real PostgreSQL (no seeds needed), the game runs, and
 * every process leaves the table when it ends. Bad combinations of the options fail with a clear
 * message before anything starts.
 */
class ArenaPostgresMembershipTest {
    private static final int BOTS = 6;
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
    void theArenaRunsOnTheMembershipTable() throws SQLException {
        final String url = server.getJdbcUrl("postgres", "postgres");
        final LauncherRun run = LauncherRun.of("--members=2", "--bots=" + BOTS, "--duration=8s",
                "--base-port=20790", "--postgres=" + url, "--fresh", "--membership=postgres", "--membership-url=" + url);
        final int exit = run.exit();
        final String output = run.output();
        assertEquals(0, exit, output);
        assertTrue(output.contains("ratings lost: 0"), output);
        // members 0 and 1 and the client 1000 joined through the table, and left it at the end
        assertEquals(List.of("0 LEFT", "1 LEFT", "1000 LEFT"), rows());
    }

    @Test
    void optionsThatDoNotFitTogetherAreRefused() {
        assertNotEquals(0, run("--membership=postgres"), "postgres without a URL");
        assertTrue(lastError.contains("--membership-url"), lastError);
        assertNotEquals(0, run("--membership-url=jdbc:postgresql://localhost/x"), "a URL for gossip");
        assertTrue(lastError.contains("--membership postgres"), lastError);
        assertNotEquals(0, run("--membership=raft"));
        assertTrue(lastError.contains("gossip") && lastError.contains("postgres"), lastError);

        final MembershipOptions options = new MembershipOptions();
        new CommandLine(options).parseArgs("--membership=postgres", "--membership-url=jdbc:postgresql://db/g",
            "--membership-user=grain", "--membership-cluster=blue");
        assertEquals(List.of("--membership=postgres", "--membership-url=jdbc:postgresql://db/g", "--membership-user=grain",
            "--membership-cluster=blue"), options.memberOptions(), "the launcher passes on what it was given");
    }

    private String lastError = "";

    private int run(final String... membershipArgs) {
        // the member reports a misfit in its own CommandLine's err stream: System.err
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream original = System.err;
        final String[] args = new String[membershipArgs.length + 3];
        args[0] = "--id=0";
        args[1] = "--endpoint=127.0.0.1:0";
        args[2] = "--storage=target/never-made.db";
        System.arraycopy(membershipArgs, 0, args, 3, membershipArgs.length);
        final int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            final CommandLine command = new CommandLine(new ArenaMember());
            command.setErr(new PrintWriter(System.err, true));
            exit = command.execute(args);
        } finally {
            System.setErr(original);
        }
        lastError = err.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private static List<String> rows() throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT member_id, status FROM grain_membership_member"
                 + " WHERE cluster_id = 'arena' ORDER BY member_id")) {
            final List<String> rows = new java.util.ArrayList<>();
            while (r.next()) {
                rows.add(r.getInt(1) + " " + (r.getInt(2) == 2 ? "LEFT" : r.getInt(2) == 1 ? "DEAD" : "ALIVE"));
            }
            return rows;
        }
    }
}
