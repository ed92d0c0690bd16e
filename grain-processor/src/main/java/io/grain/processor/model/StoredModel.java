package io.grain.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * Everything the writer needs of one {@code @Stored} record; built and validated by the parser,
 * immutable, free of javax.lang.model types.
 *
 * @param record the record type; its definition is in {@code types.records()}.
 * @param table  the table of a keyed record, the default state name of a state record.
 * @param key    the first key, or {@code null} for a state record.
 * @param subkey the second key, or {@code null}.
 * @param types  the records (this one included), enums, wrappers and map entries it reaches.
 */
public record StoredModel(ValueType.RecordType record, String table, StoredKey key, StoredKey subkey, WireTypes types) {

    public String packageName() {
        return record.name().packageName();
    }

    /** {@code Item}, or {@code Outer_Item} for a nested record. */
    public String baseName() {
        return String.join("_", record.name().simpleNames());
    }

    /** {@code ItemStoredType.proto}: the schema of the stored payload, a resource beside the class. */
    public String protoFileName() {
        return baseName() + "StoredType.proto";
    }

    /** {@code p.ItemStoredType}: the name {@code io.grain.storage.StoredTypes} looks for. */
    public ClassName storedType() {
        return ClassName.get(packageName(), baseName() + "StoredType");
    }
}
