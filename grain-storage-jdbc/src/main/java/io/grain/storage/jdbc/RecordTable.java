package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;
import io.grain.storage.StorageException;
import io.grain.storage.StoredType;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The table of one {@code @Stored} record with a key: its checked names, its key kinds and the SQL
 * of every operation on it, made once. Columns: the key (named after the key component in snake
 * case), the subkey if there is one, and {@code payload}; the primary key is the key columns.
 *
 * <p>Thread ownership: immutable but for the {@link #isReady()} flag, which {@link #ensure} sets;
 * any thread.
 */
final class RecordTable {
    static final String PAYLOAD = "payload";

    private final String name;
    private final KeyKind keyKind;
    private final KeyKind subkeyKind;
    private final String keyName;
    private final String subkeyName;
    private final String keyColumn;
    private final String subkeyColumn;
    private final String recordName;

    final String createSql;
    final String upsertSql;
    final String insertSql;
    final String getSql;
    final String querySql;
    final String deleteOneSql;
    final String deleteAllSql;

    private volatile boolean ready;

    private RecordTable(final StoredType<?> type, final Dialect dialect) {
        this.name = type.table();
        this.keyKind = type.keyKind();
        this.subkeyKind = type.subkeyKind();
        this.keyName = type.keyName();
        this.subkeyName = type.subkeyName();
        this.recordName = type.type() == null ? name : type.type().getName();
        if (!Sql.isValidName(name)) {
            throw new StorageException("@Stored table name '" + name + "' of " + recordName + " is not a valid name: "
                + "use lower case letters, digits and underscores, starting with a letter, at most "
                + Sql.MAX_NAME_LENGTH + " characters");
        }
        if (StateTable.NAME.equals(name) || SchemaMigrations.VERSION_TABLE.equals(name) || ReminderTable.NAME.equals(name)
            || SubscriptionTable.NAME.equals(name)) {
            throw new StorageException("@Stored table name '" + name + "' of " + recordName
                + " is the name of a table of the storage itself; choose another table name");
        }
        if (keyKind == null) {
            throw new IllegalArgumentException(recordName + " has no key: it is a grain state record, not a table "
                + "record; store it with GrainContext.state(..)");
        }
        this.keyColumn = column(type.keyName(), "key");
        this.subkeyColumn = subkeyKind == null ? null : column(type.subkeyName(), "subkey");
        if (keyColumn.equals(subkeyColumn)) {
            throw new StorageException("@Stored table '" + name + "': key and subkey are both column '" + keyColumn + "'");
        }

        final String table = Sql.quote(name);
        final String key = Sql.quote(keyColumn);
        final String keys = subkeyColumn == null ? key : key + ", " + Sql.quote(subkeyColumn);
        final String where = subkeyColumn == null ? key + " = ?" : key + " = ? AND " + Sql.quote(subkeyColumn) + " = ?";
        final String values = subkeyColumn == null ? "?, ?" : "?, ?, ?";
        this.createSql = "CREATE TABLE IF NOT EXISTS " + table + " ("
            + key + " " + dialect.keyColumnType(keyKind) + " NOT NULL, "
            + (subkeyColumn == null ? "" : Sql.quote(subkeyColumn) + " " + dialect.keyColumnType(subkeyKind) + " NOT NULL, ")
            + PAYLOAD + " " + dialect.payloadColumnType() + " NOT NULL, "
            + "PRIMARY KEY (" + keys + "))";
        this.upsertSql = "INSERT INTO " + table + " (" + keys + ", " + PAYLOAD + ") VALUES (" + values + ") "
            + "ON CONFLICT (" + keys + ") DO UPDATE SET " + PAYLOAD + " = excluded." + PAYLOAD;
        this.insertSql = "INSERT INTO " + table + " (" + keys + ", " + PAYLOAD + ") VALUES (" + values + ") "
            + "ON CONFLICT DO NOTHING";
        this.getSql = "SELECT " + PAYLOAD + " FROM " + table + " WHERE " + where;
        this.querySql = "SELECT " + PAYLOAD + " FROM " + table + " WHERE " + key + " = ?"
            + (subkeyColumn == null ? "" : " ORDER BY " + Sql.quote(subkeyColumn));
        this.deleteOneSql = "DELETE FROM " + table + " WHERE " + where;
        this.deleteAllSql = "DELETE FROM " + table + " WHERE " + key + " = ?";
    }

    /**
     * The table of {@code type}.
     *
     * @throws StorageException when a name is not a valid SQL name.
     * @throws IllegalArgumentException when {@code type} has no key.
     */
    static RecordTable of(final StoredType<?> type, final Dialect dialect) {
        return new RecordTable(type, dialect);
    }

    private String column(final String componentName, final String role) {
        final String column = componentName == null ? null : Sql.snakeCase(componentName);
        if (!Sql.isValidName(column)) {
            throw new StorageException("@Stored table '" + name + "': the " + role + " component '" + componentName
                + "' does not make a valid column name");
        }
        if (PAYLOAD.equals(column)) {
            throw new StorageException("@Stored table '" + name + "': the " + role + " component may not be named '"
                + PAYLOAD + "', the column of the record itself; rename the component");
        }
        return column;
    }

    String name() {
        return name;
    }

    KeyKind keyKind() {
        return keyKind;
    }

    KeyKind subkeyKind() {
        return subkeyKind;
    }

    boolean hasSubkey() {
        return subkeyKind != null;
    }

    /** Whether {@code type} has the same keys as the type this table was made for. Allocates nothing. */
    boolean fits(final StoredType<?> type) {
        return keyKind == type.keyKind() && subkeyKind == type.subkeyKind()
            && Objects.equals(keyName, type.keyName()) && Objects.equals(subkeyName, type.subkeyName());
    }

    /** Whether {@link #ensure} found or made the table as it should be. */
    boolean isReady() {
        return ready;
    }

    /** {@code items(owner=1, item_id=2)}, for messages. */
    String describe(final Object key, final Object subkey) {
        final StringBuilder out = new StringBuilder(name).append('(').append(keyColumn).append('=').append(key);
        if (subkeyColumn != null && subkey != null) {
            out.append(", ").append(subkeyColumn).append('=').append(subkey);
        }
        return out.append(')').toString();
    }

    /**
     * Creates the table if it is not there, and checks that one that is there has the columns and
     * primary key this record needs. Runs in a transaction of its own after
     * {@link Dialect#lockSchema}; the first thread that needs the table does it, the others wait.
     *
     * @throws StorageException when an existing table does not fit; the message names the table
     *         and both sets of columns. Not remembered: the next operation checks again, so a table
     *         fixed by hand works without a restart.
     */
    synchronized void ensure(final Connection connection, final Dialect dialect) throws SQLException {
        if (ready) {
            return;
        }
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            dialect.lockSchema(connection);
            Sql.execute(connection, createSql);
            check(connection, dialect);
            connection.setAutoCommit(true);
            done = true;
        } finally {
            if (!done) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (final SQLException ignored) {
                    // The caller gets the first failure; the connection is checked after it.
                }
            }
        }
        ready = true;
    }

    private void check(final Connection connection, final Dialect dialect) throws SQLException {
        final DatabaseMetaData metadata = connection.getMetaData();
        final String schema = dialect.metadataSchema(connection);
        final TreeMap<Integer, String> actualColumns = new TreeMap<>();
        final StringBuilder actual = new StringBuilder();
        final String escape = metadata.getSearchStringEscape();
        final String pattern = escape == null ? name : name.replace("_", escape + "_");
        try (ResultSet columns = metadata.getColumns(null, schema, pattern, null)) {
            while (columns.next()) {
                if (name.equals(columns.getString("TABLE_NAME"))) {
                    actualColumns.put(columns.getInt("ORDINAL_POSITION"),
                        columns.getString("COLUMN_NAME") + " " + columns.getString("TYPE_NAME"));
                }
            }
        }
        final List<String> actualKeys = new ArrayList<>();
        try (ResultSet keys = metadata.getPrimaryKeys(null, schema, name)) {
            final TreeMap<Integer, String> bySequence = new TreeMap<>();
            while (keys.next()) {
                bySequence.put(keys.getInt("KEY_SEQ"), keys.getString("COLUMN_NAME"));
            }
            actualKeys.addAll(bySequence.values());
        }

        final List<String> expectedColumns = new ArrayList<>();
        expectedColumns.add(keyColumn + " " + dialect.keyMetadataType(keyKind));
        if (subkeyColumn != null) {
            expectedColumns.add(subkeyColumn + " " + dialect.keyMetadataType(subkeyKind));
        }
        expectedColumns.add(PAYLOAD + " " + dialect.payloadMetadataType());
        final List<String> expectedKeys = subkeyColumn == null ? List.of(keyColumn) : List.of(keyColumn, subkeyColumn);

        final List<String> found = new ArrayList<>(actualColumns.values());
        if (!sameColumns(expectedColumns, found) || !expectedKeys.equals(actualKeys)) {
            actual.append(String.join(", ", found));
            throw new StorageException("table '" + name + "' exists with columns (" + actual + ") and primary key ("
                + String.join(", ", actualKeys) + "), but " + recordName + " needs columns ("
                + String.join(", ", expectedColumns) + ") and primary key (" + String.join(", ", expectedKeys)
                + "); migrate or rename the table, or give the record another table name");
        }
    }

    private static boolean sameColumns(final List<String> expected, final List<String> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            final String[] want = expected.get(i).split(" ", 2);
            final String[] have = actual.get(i).split(" ", 2);
            if (!want[0].equals(have[0]) || have.length < 2 || !Dialect.sameType(want[1], have[1])) {
                return false;
            }
        }
        return true;
    }
}
