package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;
import io.grain.storage.StoredReminder;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of the {@code grain_reminders} table: one row per reminder, keyed by
 * {@code (kind, grain_key, name)}, with its first due time and period and the last tick the
 * runtime recorded as delivered ({@code NULL}: none). Text columns compare by code point on both
 * databases (PostgreSQL: {@code COLLATE "C"}), so a scan pages through rows in one order
 * everywhere. The same statements run on SQLite and PostgreSQL.
 */
final class ReminderTable {
    static final String NAME = "grain_reminders";

    private static final String COLUMNS = "kind, grain_key, name, start_millis, period_millis, last_tick_millis";

    /** Parameters kind, key, name, start, period, last tick (or NULL). */
    static final String UPSERT =
        "INSERT INTO grain_reminders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (kind, grain_key, name) DO UPDATE SET start_millis = excluded.start_millis, "
            + "period_millis = excluded.period_millis, last_tick_millis = excluded.last_tick_millis";

    /** Parameters kind, key, name. */
    static final String DELETE = "DELETE FROM grain_reminders WHERE kind = ? AND grain_key = ? AND name = ?";

    /** Parameters tick, kind, key, name, start, period, tick. */
    static final String RECORD_TICK =
        "UPDATE grain_reminders SET last_tick_millis = ? WHERE kind = ? AND grain_key = ? AND name = ? "
            + "AND start_millis = ? AND period_millis = ? AND (last_tick_millis IS NULL OR last_tick_millis < ?)";

    /** Parameters kind, key. */
    static final String READ_GRAIN =
        "SELECT " + COLUMNS + " FROM grain_reminders WHERE kind = ? AND grain_key = ? ORDER BY name";

    /** Parameter limit. */
    static final String SCAN_FIRST =
        "SELECT " + COLUMNS + " FROM grain_reminders ORDER BY kind, grain_key, name LIMIT ?";

    /** Parameters kind, key, name after which the page starts, limit. */
    static final String SCAN_AFTER =
        "SELECT " + COLUMNS + " FROM grain_reminders WHERE (kind, grain_key, name) > (?, ?, ?) "
            + "ORDER BY kind, grain_key, name LIMIT ?";

    private ReminderTable() {
    }

    /** Migration 2. */
    static String createSql(final Dialect dialect) {
        final String text = dialect.keyColumnType(KeyKind.STRING);
        return "CREATE TABLE grain_reminders ("
            + "kind " + text + " NOT NULL, "
            + "grain_key " + text + " NOT NULL, "
            + "name " + text + " NOT NULL, "
            + "start_millis " + dialect.bigintColumnType() + " NOT NULL, "
            + "period_millis " + dialect.bigintColumnType() + " NOT NULL, "
            + "last_tick_millis " + dialect.bigintColumnType() + ", "
            + "PRIMARY KEY (kind, grain_key, name))";
    }

    static void bindName(final PreparedStatement statement, final int first, final String kind, final String key,
        final String name) throws SQLException {
        statement.setString(first, kind);
        statement.setString(first + 1, key);
        statement.setString(first + 2, name);
    }

    /** The reminder in the current row of a result of {@link #COLUMNS}. */
    static StoredReminder read(final ResultSet result) throws SQLException {
        final long lastTick = result.getLong(6);
        // wasNull() speaks of the column read last, so ask before reading another
        final long recorded = result.wasNull() ? StoredReminder.NO_TICK : lastTick;
        return new StoredReminder(result.getString(1), result.getString(2), result.getString(3), result.getLong(4),
            result.getLong(5), recorded);
    }
}
