package io.grain.processor.model;

/**
 * A key of a {@code @Stored} record.
 *
 * @param component the record component that holds it.
 * @param kind      its kind, named like the {@code io.grain.storage.KeyKind} constant.
 */
public record StoredKey(String component, Kind kind) {

    /** The types a key component may have; the names are those of {@code io.grain.storage.KeyKind}. */
    public enum Kind {
        LONG(new ValueType.Scalar(ScalarKind.LONG, false)),
        INT(new ValueType.Scalar(ScalarKind.INT, false)),
        STRING(new ValueType.Text()),
        UUID(new ValueType.Uuid());

        private final ValueType type;

        Kind(final ValueType type) {
            this.type = type;
        }

        /** The component's type. */
        public ValueType type() {
            return type;
        }
    }
}
