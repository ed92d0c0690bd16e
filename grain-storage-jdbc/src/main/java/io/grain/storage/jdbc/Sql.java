package io.grain.storage.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Small helpers for SQL text. Stateless. */
final class Sql {
    /**
     * What a table or column name may be. Names reach SQL text (identifiers cannot be bound as
     * parameters), so they are checked here even though the processor checked the annotation too.
     */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** PostgreSQL's identifier limit, applied on SQLite too so a schema moves between them. */
    static final int MAX_NAME_LENGTH = 63;

    private Sql() {
    }

    static boolean isValidName(final String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    /** A checked name in double quotes, so reserved words ({@code order}, {@code user}) work as names. */
    static String quote(final String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not a valid SQL name: " + name);
        }
        return '"' + name + '"';
    }

    /** {@code itemId -> item_id}, {@code ownerID -> owner_id}. */
    static String snakeCase(final String javaName) {
        final StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            final char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                final boolean afterLower = i > 0 && !Character.isUpperCase(javaName.charAt(i - 1));
                if (afterLower && javaName.charAt(i - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static void execute(final java.sql.Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
