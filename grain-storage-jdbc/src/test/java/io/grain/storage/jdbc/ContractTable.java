package io.grain.storage.jdbc;

import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.KeyKind;
import io.grain.storage.StoredType;

/**
 * A hand-made {@link StoredType} for the storage tests: only what a provider reads (the table, its
 * key kinds and key names), over payloads the tests make themselves. Named so that it never meets
 * a generated {@code *StoredType}.
 */
final class ContractTable implements StoredType<byte[]> {
    private final String table;
    private final KeyKind keyKind;
    private final KeyKind subkeyKind;
    private final String keyName;
    private final String subkeyName;

    ContractTable(final String table, final KeyKind keyKind, final String keyName, final KeyKind subkeyKind,
        final String subkeyName) {
        this.table = table;
        this.keyKind = keyKind;
        this.subkeyKind = subkeyKind;
        this.keyName = keyName;
        this.subkeyName = subkeyName;
    }

    /** A table keyed {@code (owner, itemId)}, or by {@code owner} alone when {@code subkeyKind} is null. */
    static ContractTable of(final String table, final KeyKind keyKind, final KeyKind subkeyKind) {
        return new ContractTable(table, keyKind, "owner", subkeyKind, subkeyKind == null ? null : "itemId");
    }

    @Override
    public Class<byte[]> type() {
        return byte[].class;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public KeyKind keyKind() {
        return keyKind;
    }

    @Override
    public KeyKind subkeyKind() {
        return subkeyKind;
    }

    @Override
    public String keyName() {
        return keyName;
    }

    @Override
    public String subkeyName() {
        return subkeyName;
    }

    @Override
    public Object key(final byte[] record) {
        throw new UnsupportedOperationException("the storage tests pass keys and payloads themselves");
    }

    @Override
    public Object subkey(final byte[] record) {
        throw new UnsupportedOperationException("the storage tests pass keys and payloads themselves");
    }

    @Override
    public void write(final byte[] record, final ProtoWriter writer) {
        throw new UnsupportedOperationException("the storage tests pass keys and payloads themselves");
    }

    @Override
    public byte[] read(final ProtoReader reader) {
        throw new UnsupportedOperationException("the storage tests pass keys and payloads themselves");
    }

    @Override
    public String toString() {
        return "ContractTable[" + table + "]";
    }
}
