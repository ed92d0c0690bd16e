package io.grain.storage.jdbc;

/**
 * The SQL of the {@code grain_state} table: one row per grain state, keyed by
 * {@code (kind, grain_key, state_name)}, with its {@code version} (the etag, as text) and its
 * {@code payload}. A cleared state keeps its row with a {@code NULL} payload and a higher version
 * (a tombstone, as Orleans' ADO.NET provider does): versions of one state only ever grow, so an
 * activation that read version 3 before a clear can never overwrite a state that was cleared and
 * written again, which would happen if the row were deleted and came back at version 1.
 *
 * <p>The same text runs on SQLite and PostgreSQL.
 */
final class StateTable {
    static final String NAME = "grain_state";

    static final String READ =
        "SELECT payload, version FROM grain_state WHERE kind = ? AND grain_key = ? AND state_name = ?";

    /** A write with an etag: parameters payload, new version, kind, key, name, expected version. */
    static final String UPDATE =
        "UPDATE grain_state SET payload = ?, version = ? "
            + "WHERE kind = ? AND grain_key = ? AND state_name = ? AND version = ? AND payload IS NOT NULL";

    /**
     * A write without an etag: succeeds when no row or only a tombstone is there, and returns the
     * version it stored. Parameters kind, key, name, payload.
     */
    static final String CREATE =
        "INSERT INTO grain_state (kind, grain_key, state_name, payload, version) VALUES (?, ?, ?, ?, 1) "
            + "ON CONFLICT (kind, grain_key, state_name) DO UPDATE "
            + "SET payload = excluded.payload, version = grain_state.version + 1 "
            + "WHERE grain_state.payload IS NULL RETURNING version";

    /** A clear with an etag: parameters new version, kind, key, name, expected version. */
    static final String CLEAR =
        "UPDATE grain_state SET payload = NULL, version = ? "
            + "WHERE kind = ? AND grain_key = ? AND state_name = ? AND version = ? AND payload IS NOT NULL";

    /** A clear without an etag succeeds only when no state is stored. Parameters kind, key, name. */
    static final String EXISTS =
        "SELECT 1 FROM grain_state WHERE kind = ? AND grain_key = ? AND state_name = ? AND payload IS NOT NULL";

    private StateTable() {
    }

    /** Migration 1. */
    static String createSql(final Dialect dialect) {
        return "CREATE TABLE grain_state ("
            + "kind TEXT NOT NULL, "
            + "grain_key TEXT NOT NULL, "
            + "state_name TEXT NOT NULL, "
            + "payload " + dialect.payloadColumnType() + ", "
            + "version " + dialect.bigintColumnType() + " NOT NULL, "
            + "PRIMARY KEY (kind, grain_key, state_name))";
    }
}
