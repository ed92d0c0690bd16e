package io.grain.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * The Java primitives, with the Protobuf scalar each travels as. Signed integers use zigzag
 * ({@code sint32}/{@code sint64}) so small negative values stay small; {@code char} is a
 * {@code uint32}; {@code byte}, {@code short} and {@code char} are range-checked when decoded.
 */
public enum ScalarKind {
    BOOLEAN(TypeName.BOOLEAN, "Bool", "bool", "Bool", true),
    BYTE(TypeName.BYTE, "Byte", "sint32", "SInt32", true),
    SHORT(TypeName.SHORT, "Short", "sint32", "SInt32", true),
    INT(TypeName.INT, "Int", "sint32", "SInt32", true),
    LONG(TypeName.LONG, "Long", "sint64", "SInt64", true),
    CHAR(TypeName.CHAR, "Char", "uint32", "UInt32", true),
    FLOAT(TypeName.FLOAT, "Float", "float", "Float", false),
    DOUBLE(TypeName.DOUBLE, "Double", "double", "Double", false);

    final TypeName primitive;
    final String displayName;
    private final String protoType;
    private final String wireMethod;
    private final boolean varint;

    ScalarKind(final TypeName primitive, final String displayName, final String protoType, final String wireMethod, final boolean varint) {
        this.primitive = primitive;
        this.displayName = displayName;
        this.protoType = protoType;
        this.wireMethod = wireMethod;
        this.varint = varint;
    }

    public TypeName primitive() {
        return primitive;
    }

    /** The .proto scalar type. */
    public String protoType() {
        return protoType;
    }

    /** The suffix of the ProtoWriter/ProtoReader methods: {@code writeSInt32}, {@code readSInt32}. */
    public String wireMethod() {
        return wireMethod;
    }

    /** Varint-encoded (else fixed32/fixed64). */
    public boolean varint() {
        return varint;
    }
}
