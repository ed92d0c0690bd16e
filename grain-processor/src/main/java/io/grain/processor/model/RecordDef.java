package io.grain.processor.model;

import java.util.List;

/** A record used in a grain's signatures: its components are fields 1..n in declaration order. */
public record RecordDef(ValueType.RecordType type, List<Field> fields) {
    public RecordDef {
        fields = List.copyOf(fields);
    }
}
