package io.grain.storage;

import java.util.UUID;

/** The types a key component of a {@code @Stored} record may have. */
public enum KeyKind {
    LONG(Long.class), INT(Integer.class), STRING(String.class), UUID(UUID.class);

    private final Class<?> javaType;

    KeyKind(final Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The boxed Java type of a key of this kind. */
    public Class<?> javaType() {
        return javaType;
    }
}
