package io.grain.storage.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connections from a {@code DataSource}: the caller's (never closed here) or a HikariCP pool the
 * storage made for itself (closed with the storage).
 *
 * <p>Thread ownership: any thread; every connection belongs to the thread that got it.
 */
final class DataSourceConnections implements ConnectionSource {
    private final Dialect dialect;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    /** The database's URL as its driver reports it, for messages; known after the first connection. */
    private volatile String url;

    DataSourceConnections(final Dialect dialect, final DataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.ownedPool = null;
    }

    DataSourceConnections(final Dialect dialect, final HikariDataSource ownedPool) {
        this.dialect = dialect;
        this.dataSource = ownedPool;
        this.ownedPool = ownedPool;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Connection open() throws SQLException {
        final Connection connection = dataSource.getConnection();
        try {
            if (url == null) {
                url = connection.getMetaData().getURL();
            }
            dialect.configure(connection);
            return connection;
        } catch (final SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        final String known = url;
        return known != null ? known : ownedPool != null ? ownedPool.getJdbcUrl() : dataSource.toString();
    }
}
