package io.grain.runtime.storage;

import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.KeyKind;
import io.grain.storage.StorageException;
import io.grain.storage.StoredType;

/**
 * Encoding and decoding of {@code @Stored} records through their {@link StoredType}, and the
 * checks of keys against a table's key kinds, each failing with a message that names the table,
 * the key and what to do.
 *
 * <p>Thread ownership: stateless; the writer and reader passed in belong to the caller.
 */
public final class StoredCodec {
    private StoredCodec() {
    }

    /** The payload of {@code record}, encoded with {@code writer} (reset first). */
    public static <T> byte[] encode(final StoredType<T> type, final T record, final ProtoWriter writer) {
        writer.reset();
        type.write(record, writer);
        return writer.toByteArray();
    }

    /**
     * The record in {@code payload}.
     *
     * @param where what the row is, for the message: {@code "state player/s:bob/player_data"} or
     *        {@code "row of table 'items' with key 7"}.
     * @throws StorageException when it does not decode.
     */
    public static <T> T decode(final StoredType<T> type, final byte[] payload, final ProtoReader reader, final CallInvoker invoker,
        final String where) {
        try {
            reader.wrap(payload, 0, payload.length).invoker(invoker);
            final T value = type.read(reader);
            if (value == null) {
                throw new IllegalStateException("the stored type returned null");
            }
            return value;
        } catch (final RuntimeException e) {
            throw new StorageException("the " + where + " does not decode as " + type.type().getName() + " ("
                + payload.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** {@code key} as the first key of {@code type}, or IllegalArgumentException naming the expected and given types. */
    public static Object checkKey(final StoredType<?> type, final Object key) {
        return check(type, type.keyKind(), type.keyName(), "key", key);
    }

    /** {@code subkey} as the second key of {@code type}, or IllegalArgumentException. */
    public static Object checkSubkey(final StoredType<?> type, final Object subkey) {
        if (type.subkeyKind() == null) {
            throw new IllegalArgumentException("table '" + type.table() + "' (" + type.type().getName()
                + ") has no subkey; use the forms with its key alone");
        }
        return check(type, type.subkeyKind(), type.subkeyName(), "subkey", subkey);
    }

    /** Fails when {@code type} has a subkey: {@code operation} gave only the first key. */
    public static void requireNoSubkey(final StoredType<?> type, final String operation) {
        if (type.subkeyKind() != null) {
            throw new IllegalArgumentException("table '" + type.table() + "' (" + type.type().getName() + ") is keyed by ("
                + type.keyName() + ", " + type.subkeyName() + "); " + operation + " needs both keys, or use query("
                + type.keyName() + ") for every row of one " + type.keyName());
        }
    }

    private static Object check(final StoredType<?> type, final KeyKind kind, final String name, final String role, final Object value) {
        if (value == null) {
            throw new IllegalArgumentException("the " + role + " '" + name + "' of table '" + type.table() + "' is null; a "
                + kind.javaType().getSimpleName() + " is needed");
        }
        if (!kind.javaType().isInstance(value)) {
            final String hint = kind == KeyKind.LONG && value instanceof Integer ? " (write " + value + "L for a long)" : "";
            throw new IllegalArgumentException("the " + role + " '" + name + "' of table '" + type.table() + "' is a "
                + kind.javaType().getName() + ", but a " + value.getClass().getName() + " was given: " + value + hint);
        }
        return value;
    }
}
