package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;

/**
 * The SQL of the {@code grain_topic_subscriptions} table (docs/TOPICS.md): one row per subscriber
 * of a topic, keyed by {@code (topic, subscriber)}; the subscriber is the runtime's text for a
 * grain method or an outside consumer. Text compares by code point on both databases, so a topic's
 * subscribers read back in one order everywhere. The same statements run on SQLite and PostgreSQL.
 */
final class SubscriptionTable {
    static final String NAME = "grain_topic_subscriptions";

    /** Parameters topic, subscriber; storing a subscriber again changes nothing. */
    static final String UPSERT = "INSERT INTO grain_topic_subscriptions (topic, subscriber) VALUES (?, ?) "
        + "ON CONFLICT (topic, subscriber) DO NOTHING";

    /** Parameters topic, subscriber. */
    static final String DELETE = "DELETE FROM grain_topic_subscriptions WHERE topic = ? AND subscriber = ?";

    /** Parameter topic. */
    static final String READ_TOPIC = "SELECT subscriber FROM grain_topic_subscriptions WHERE topic = ? ORDER BY subscriber";

    private SubscriptionTable() {
    }

    /** Migration 3. */
    static String createSql(final Dialect dialect) {
        final String text = dialect.keyColumnType(KeyKind.STRING);
        return "CREATE TABLE grain_topic_subscriptions ("
            + "topic " + text + " NOT NULL, "
            + "subscriber " + text + " NOT NULL, "
            + "PRIMARY KEY (topic, subscriber))";
    }
}
