package io.grain.runtime.grains;

import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.StoredType;

/** Encodes and decodes stored payloads as the runtime does, for tests that look at a storage directly. */
public final class TestStoredTypes {
    private TestStoredTypes() {
    }

    /** The encoding of {@code value}, as the runtime stores it. */
    public static <T> byte[] encode(final StoredType<T> type, final T value) {
        final ProtoWriter w = new ProtoWriter();
        type.write(value, w);
        return w.toByteArray();
    }

    /** The record in {@code payload}. */
    public static <T> T decode(final StoredType<T> type, final byte[] payload) {
        return type.read(new ProtoReader(payload));
    }
}
