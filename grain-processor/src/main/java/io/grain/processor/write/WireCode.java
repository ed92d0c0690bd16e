package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.grain.processor.model.Field;
import io.grain.processor.model.ScalarKind;
import io.grain.processor.model.ValueType;

import java.util.List;

/**
 * The code that writes and reads one field, shared by the codec, client and dispatcher writers so
 * the three agree on the wire by construction. Generated code names its writer {@code w}, its
 * reader {@code r}, and the tag being read {@code tag}.
 *
 * <p>Presence: a primitive is written unless it is zero (proto3 implicit presence); a String, box,
 * UUID, enum, record, message or grain reference is written unless it is null (explicit presence, so
 * null arrives as null and "" as ""); a List, Set or Map writes its elements, an Optional its value
 * if present, and a null collection or Optional fails the call (see {@code Nulls}).
 */
final class WireCode {
    private final ClassName codec;
    private final String w;
    private int variables;

    /**
     * @param codec  the generated class that holds the record, wrapper, entry and enum codecs.
     * @param writer the name of the ProtoWriter variable in the generated code.
     */
    WireCode(final ClassName codec, final String writer) {
        this.codec = codec;
        this.w = writer;
    }

    // ---- writing ---------------------------------------------------------------------------------

    /**
     * The room a run of primitive fields needs, reserved once before the first of them: when
     * {@code fields.get(i)} is a primitive that follows no primitive, {@code w.reserve(n)} with
     * {@code n} the worst case of that field and the primitives right after it; else nothing.
     * Every {@link #writeField} of a primitive must come after the reserve of its run.
     */
    CodeBlock reserveRun(final List<Field> fields, final int i) {
        if (!primitive(fields.get(i)) || (i > 0 && primitive(fields.get(i - 1)))) {
            return CodeBlock.of("");
        }
        int bytes = 0;
        for (int j = i; j < fields.size() && primitive(fields.get(j)); j++) {
            bytes += maxSize(fields.get(j));
        }
        return CodeBlock.builder().addStatement(w + ".reserve($L)", bytes).build();
    }

    /** True for a field written by a {@code put} method: a primitive, not a box. */
    static boolean primitive(final Field field) {
        return field.type() instanceof ValueType.Scalar && !((ValueType.Scalar)field.type()).boxed();
    }

    /** The most bytes a primitive field takes on the wire: its tag and its longest value. */
    static int maxSize(final Field field) {
        final ScalarKind kind = ((ValueType.Scalar)field.type()).kind();
        final int value;
        switch (kind) {
            case BOOLEAN: value = 1; break;
            case CHAR: value = 3; break; // a uint32 of at most 0xFFFF
            case LONG: value = 10; break;
            case FLOAT: value = 4; break;
            case DOUBLE: value = 8; break;
            default: value = 5; // byte, short, int: a zigzag sint32
        }
        return varintSize(tag(field.number(), kind)) + value;
    }

    /** The whole tag of field {@code n} holding a {@code kind}: field number and wire type. */
    private static int tag(final int n, final ScalarKind kind) {
        final int wireType = kind.varint() ? 0 : kind == ScalarKind.FLOAT ? 5 : 1;
        return (n << 3) | wireType;
    }

    private static int varintSize(final int value) {
        int size = 1;
        for (int v = value >>> 7; v != 0; v >>>= 7) {
            size++;
        }
        return size;
    }

    /**
     * Writes {@code field} from expression {@code expr}, with its presence rule. A primitive is
     * written without a capacity check: its run's {@link #reserveRun} must come first.
     */
    CodeBlock writeField(final Field field, final String expr, final String where) {
        final ValueType type = field.type();
        final int n = field.number();
        final CodeBlock.Builder code = CodeBlock.builder();
        if (type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed()) {
            final ScalarKind kind = ((ValueType.Scalar)type).kind();
            code.beginControlFlow("if ($L)", nonDefault(kind, expr));
            code.addStatement(w + ".put$L($L, $L)", kind.wireMethod(), tag(n, kind), expr);
            code.endControlFlow();
        } else if (type instanceof ValueType.ListType) {
            final ValueType.ListType list = (ValueType.ListType)type;
            final String items = variable("items");
            final String element = variable("element");
            code.addStatement("$T $L = $T.requireNonNull($L, $S)", type.javaType(), items, Runtime.NULLS, expr, where);
            if (list.element() instanceof ValueType.Scalar) {
                final ScalarKind kind = ((ValueType.Scalar)list.element()).kind();
                final String mark = variable("mark");
                code.beginControlFlow("if (!$L.isEmpty())", items);
                code.addStatement("int $L = " + w + ".beginMessage($L)", mark, n);
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.addStatement(w + ".append$L($T.requireNonNull($L, $S))", kind.wireMethod(), Runtime.NULLS, element, "element of " + where);
                code.endControlFlow();
                code.addStatement(w + ".endMessage($L)", mark);
                code.endControlFlow();
            } else {
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.add(writeValue(list.element(), n, CodeBlock.of("$T.requireNonNull($L, $S)", Runtime.NULLS, element, "element of " + where), where));
                code.endControlFlow();
            }
        } else if (type instanceof ValueType.MapType) {
            final ValueType.MapType map = (ValueType.MapType)type;
            final String entry = variable("entry");
            final String mark = variable("mark");
            code.beginControlFlow("for ($T $L : $T.requireNonNull($L, $S).entrySet())",
                ParameterizedTypeName.get(ClassName.get("java.util", "Map", "Entry"), map.key().javaType().box(), map.value().javaType().box()),
                entry, Runtime.NULLS, expr, where);
            code.addStatement("int $L = " + w + ".beginMessage($L)", mark, n);
            code.addStatement("$T.write$L(" + w + ", $T.requireNonNull($L.getKey(), $S), $L.getValue())",
                codec, map.entryName(), Runtime.NULLS, entry, "key of " + where, entry);
            code.addStatement(w + ".endMessage($L)", mark);
            code.endControlFlow();
        } else if (type instanceof ValueType.OptionalType) {
            final ValueType element = ((ValueType.OptionalType)type).element();
            final String optional = variable("optional");
            code.addStatement("$T $L = $T.requireNonNull($L, $S)", type.javaType(), optional, Runtime.NULLS, expr, where);
            code.beginControlFlow("if ($L.isPresent())", optional);
            code.add(writeValue(element, n, CodeBlock.of("$L.get()", optional), where));
            code.endControlFlow();
        } else {
            final String value = variable("value");
            code.addStatement("$T $L = $L", type.javaType(), value, expr);
            code.beginControlFlow("if ($L != null)", value);
            code.add(writeValue(type, n, CodeBlock.of("$L", value), where));
            code.endControlFlow();
        }
        return code.build();
    }

    /** Writes a value that is always present (an element, a map key, a present Optional's value). */
    CodeBlock writeValue(final ValueType type, final int n, final CodeBlock expr, final String where) {
        final CodeBlock.Builder code = CodeBlock.builder();
        if (type instanceof ValueType.Scalar) {
            code.addStatement(w + ".write$L($L, $L)", ((ValueType.Scalar)type).kind().wireMethod(), n, expr);
        } else if (type instanceof ValueType.Text) {
            code.addStatement(w + ".writeString($L, $L)", n, expr);
        } else if (type instanceof ValueType.Bytes) {
            code.addStatement(w + ".writeBytes($L, $L)", n, expr);
        } else if (type instanceof ValueType.Uuid) {
            code.addStatement(w + ".writeUuid($L, $L)", n, expr);
        } else if (type instanceof ValueType.EnumType) {
            code.addStatement(w + ".writeEnum($L, $L.ordinal() + 1)", n, expr);
        } else if (type instanceof ValueType.MessageType) {
            code.addStatement("$T.write(" + w + ", $L, $L)", Runtime.PROTOBUF_MESSAGES, n, expr);
        } else if (type instanceof ValueType.GrainRefType) {
            code.addStatement("$T.writeReference(" + w + ", $L, $L, $S)", Runtime.GRAIN_ID_CODEC, n, expr, where);
        } else {
            // records and wrapped collections: an embedded message written by the codec
            final String mark = variable("mark");
            code.addStatement("int $L = " + w + ".beginMessage($L)", mark, n);
            code.addStatement("$T.write$L(" + w + ", $L)", codec, messageName(type), expr);
            code.addStatement(w + ".endMessage($L)", mark);
        }
        return code.build();
    }

    private static String nonDefault(final ScalarKind kind, final String expr) {
        switch (kind) {
            case BOOLEAN: return expr;
            case FLOAT: return "Float.floatToRawIntBits(" + expr + ") != 0";
            case DOUBLE: return "Double.doubleToRawLongBits(" + expr + ") != 0L";
            default: return expr + " != 0";
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** The value a field's local starts with before its fields are read: what an absent field means. */
    static CodeBlock initialValue(final ValueType type) {
        if (type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed()) {
            switch (((ValueType.Scalar)type).kind()) {
                case BOOLEAN: return CodeBlock.of("false");
                case BYTE: return CodeBlock.of("(byte) 0");
                case SHORT: return CodeBlock.of("(short) 0");
                case CHAR: return CodeBlock.of("(char) 0");
                case LONG: return CodeBlock.of("0L");
                case FLOAT: return CodeBlock.of("0.0f");
                case DOUBLE: return CodeBlock.of("0.0d");
                default: return CodeBlock.of("0");
            }
        }
        if (type instanceof ValueType.ListType) {
            return CodeBlock.of("new $T<>()", ClassName.get("java.util", ((ValueType.ListType)type).set() ? "LinkedHashSet" : "ArrayList"));
        }
        if (type instanceof ValueType.MapType) {
            return CodeBlock.of("new $T<>()", ClassName.get("java.util", "LinkedHashMap"));
        }
        if (type instanceof ValueType.OptionalType) {
            return CodeBlock.of("$T.empty()", ClassName.get("java.util", "Optional"));
        }
        return CodeBlock.of("null");
    }

    /** Declares a local for each field, initialised to what an absent field means. */
    static CodeBlock declareLocals(final List<Field> fields) {
        final CodeBlock.Builder code = CodeBlock.builder();
        for (final Field field : fields) {
            code.addStatement("$T $L = $L", field.type().javaType(), local(field), initialValue(field.type()));
        }
        return code.build();
    }

    /** The generated local holding {@code field} while a message is read. */
    static String local(final Field field) {
        return field.name() + "_";
    }

    /**
     * The loop that reads a message's fields into their locals ({@link #declareLocals}), skipping
     * unknown fields.
     *
     * @param message the message's name for errors, e.g. {@code Profile} or {@code AddScoreRequest}.
     */
    CodeBlock readFields(final List<Field> fields, final String message) {
        final CodeBlock.Builder code = CodeBlock.builder();
        code.addStatement("int tag");
        if (fields.isEmpty()) {
            // no fields of its own, but a newer caller may send some: skip them
            code.beginControlFlow("while ((tag = r.readTag()) != 0)");
            code.addStatement("r.skipField(tag)");
            code.endControlFlow();
            return code.build();
        }
        code.beginControlFlow("while ((tag = r.readTag()) != 0)");
        code.beginControlFlow("switch ($T.fieldNumber(tag))", Runtime.WIRE_TYPE);
        for (final Field field : fields) {
            code.add("case $L -> {\n$>", field.number());
            code.add(readField(field, local(field), message + "." + field.name()));
            code.add("$<}\n");
        }
        code.addStatement("default -> r.skipField(tag)");
        code.endControlFlow();
        code.endControlFlow();
        return code.build();
    }

    /** Reads one occurrence of {@code field} (tag already read) into local {@code target}. */
    CodeBlock readField(final Field field, final String target, final String where) {
        final ValueType type = field.type();
        final CodeBlock.Builder code = CodeBlock.builder();
        if (type instanceof ValueType.ListType) {
            final ValueType element = ((ValueType.ListType)type).element();
            if (element instanceof ValueType.Scalar) {
                // parsers must accept packed and unpacked encodings of repeated scalars alike
                final String limit = variable("limit");
                code.beginControlFlow("if ($T.of(tag) == $T.LENGTH_DELIMITED)", Runtime.WIRE_TYPE, Runtime.WIRE_TYPE);
                code.addStatement("int $L = r.beginMessage()", limit);
                code.beginControlFlow("while (r.remaining() > 0)");
                code.addStatement("$L.add($L)", target, readValue(element, where));
                code.endControlFlow();
                code.addStatement("r.endMessage($L)", limit);
                code.nextControlFlow("else");
                code.add(expect(element, where));
                code.addStatement("$L.add($L)", target, readValue(element, where));
                code.endControlFlow();
            } else {
                code.add(expect(element, where));
                code.addStatement("$L.add($L)", target, readValue(element, where));
            }
        } else if (type instanceof ValueType.MapType) {
            final String limit = variable("limit");
            code.addStatement("r.expect(tag, $T.LENGTH_DELIMITED, $S)", Runtime.WIRE_TYPE, where);
            code.addStatement("int $L = r.beginMessage()", limit);
            code.addStatement("$T.read$L(r, $L)", codec, ((ValueType.MapType)type).entryName(), target);
            code.addStatement("r.endMessage($L)", limit);
        } else if (type instanceof ValueType.OptionalType) {
            final ValueType element = ((ValueType.OptionalType)type).element();
            code.add(expect(element, where));
            code.addStatement("$L = $T.of($L)", target, ClassName.get("java.util", "Optional"), readValue(element, where));
        } else {
            code.add(expect(type, where));
            code.addStatement("$L = $L", target, readValue(type, where));
        }
        return code.build();
    }

    /** Checks the wire type of a single value of {@code type}. */
    private static CodeBlock expect(final ValueType type, final String where) {
        return CodeBlock.builder().addStatement("r.expect(tag, $T.$L, $S)", Runtime.WIRE_TYPE, wireType(type), where).build();
    }

    static String wireType(final ValueType type) {
        if (type instanceof ValueType.Scalar) {
            final ScalarKind kind = ((ValueType.Scalar)type).kind();
            if (kind.varint()) {
                return "VARINT";
            }
            return kind == ScalarKind.FLOAT ? "FIXED32" : "FIXED64";
        }
        return type instanceof ValueType.EnumType ? "VARINT" : "LENGTH_DELIMITED";
    }

    /** An expression reading one value of {@code type} whose wire type was checked. */
    CodeBlock readValue(final ValueType type, final String where) {
        if (type instanceof ValueType.Scalar) {
            switch (((ValueType.Scalar)type).kind()) {
                case BOOLEAN: return CodeBlock.of("r.readBool()");
                case BYTE: return CodeBlock.of("(byte) $T.checkRange(r.readSInt32(), Byte.MIN_VALUE, Byte.MAX_VALUE, $S)", Runtime.PROTO_READER, where);
                case SHORT: return CodeBlock.of("(short) $T.checkRange(r.readSInt32(), Short.MIN_VALUE, Short.MAX_VALUE, $S)", Runtime.PROTO_READER, where);
                case CHAR: return CodeBlock.of("(char) $T.checkRange(r.readUInt32(), 0, Character.MAX_VALUE, $S)", Runtime.PROTO_READER, where);
                case INT: return CodeBlock.of("r.readSInt32()");
                case LONG: return CodeBlock.of("r.readSInt64()");
                case FLOAT: return CodeBlock.of("r.readFloat()");
                default: return CodeBlock.of("r.readDouble()");
            }
        }
        if (type instanceof ValueType.Text) {
            return CodeBlock.of("r.readString()");
        }
        if (type instanceof ValueType.Bytes) {
            return CodeBlock.of("r.readBytes()");
        }
        if (type instanceof ValueType.Uuid) {
            return CodeBlock.of("r.readUuid($S)", where);
        }
        if (type instanceof ValueType.EnumType) {
            return CodeBlock.of("$T.to$L(r.readEnum(), $S)", codec, ((ValueType.EnumType)type).protoName(), where);
        }
        if (type instanceof ValueType.MessageType) {
            return CodeBlock.of("$T.read(r, $T.parser(), $S)", Runtime.PROTOBUF_MESSAGES, ((ValueType.MessageType)type).name(), where);
        }
        if (type instanceof ValueType.GrainRefType) {
            final ValueType.GrainRefType ref = (ValueType.GrainRefType)type;
            return CodeBlock.of("new $T($T.readReference(r, $S), r.invoker())", ref.client(), Runtime.GRAIN_ID_CODEC, ref.kind());
        }
        return CodeBlock.of("r.readMessage($T::read$L)", codec, messageName(type));
    }

    /** The codec's name for a record or wrapper message: {@code Profile}, {@code ListOfString}. */
    static String messageName(final ValueType type) {
        return type.displayName();
    }

    static TypeName boxed(final ValueType type) {
        return type.javaType().box();
    }

    private String variable(final String prefix) {
        return prefix + (variables++) + "_";
    }
}
