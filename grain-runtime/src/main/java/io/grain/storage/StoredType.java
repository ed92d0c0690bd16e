package io.grain.storage;

import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;

/**
 * What the processor generates for a {@code @Stored} record {@code p.Item}: {@code p.ItemStoredType}
 * (nested {@code p.Outer.Item}: {@code p.Outer_ItemStoredType}), with a {@code public static final
 * INSTANCE}. It names the table and its keys, extracts the keys without reflection, and encodes
 * the record as a Protobuf message (its components are fields 1..n, as in a grain's codec).
 *
 * <p>Thread ownership: stateless, any thread.
 *
 * @param <T> the record
 */
public interface StoredType<T> {
    /** The record class. */
    Class<T> type();

    /** The table of a keyed record; for a state record, the default state name. */
    String table();

    /** The kind of the first key, or {@code null} for a state record. */
    KeyKind keyKind();

    /** The kind of the second key, or {@code null} when there is none. */
    KeyKind subkeyKind();

    /** The name of the component that is the first key, or {@code null}. */
    String keyName();

    /** The name of the component that is the second key, or {@code null}. */
    String subkeyName();

    /** The first key of {@code record}, boxed as {@link KeyKind#javaType()}. */
    Object key(T record);

    /** The second key of {@code record}, boxed as {@link KeyKind#javaType()}. */
    Object subkey(T record);

    /** Writes the components of {@code record} as fields 1..n of a message. */
    void write(T record, ProtoWriter writer);

    /** Reads a record from the fields up to the end of the reader's current limit. */
    T read(ProtoReader reader);
}
