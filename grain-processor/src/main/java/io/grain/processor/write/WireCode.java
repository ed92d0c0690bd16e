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

    // ---- writing: a size pass, one reserve, a write pass without capacity checks ---------------
    //
    // The size pass adds each field's bytes to a long local and records, in the writer, the length
    // of every embedded message, packed field and string, bottom-up (ProtoWriter.beginSizes); the
    // write pass writes with the unchecked put methods and reads those lengths in the same order.
    // The two passes therefore visit the same fields under the same conditions, always.

    /**
     * Sizes and writes a message at the top of a writer (a request, a reply, a stored record):
     * one size pass over its fields that are not primitives, one reserve of that plus the worst
     * case of its primitives (known now, so never measured at run time), then the write pass.
     *
     * @param expressions each field's value, by position in {@code fields}.
     * @param wheres      each field's name for null errors, by position.
     */
    CodeBlock writeMessage(final List<Field> fields, final List<String> expressions, final List<String> wheres) {
        final CodeBlock.Builder code = CodeBlock.builder();
        code.add(sizeMessage(fields, expressions, wheres, null));
        for (int i = 0; i < fields.size(); i++) {
            code.add(putField(fields.get(i), expressions.get(i), wheres.get(i)));
        }
        return code.build();
    }

    /**
     * The size pass and reserve of {@link #writeMessage}. A field whose index is in
     * {@code byReference} is sized only when {@code !byReference_}, as the client writes it.
     */
    CodeBlock sizeMessage(final List<Field> fields, final List<String> expressions, final List<String> wheres,
        final java.util.function.IntPredicate byReference) {
        final CodeBlock.Builder code = CodeBlock.builder();
        int worstCase = 0;
        boolean measured = false;
        for (final Field field : fields) {
            if (primitive(field)) {
                worstCase += maxSize(field);
            } else {
                measured = true;
            }
        }
        if (!measured) {
            if (worstCase > 0) {
                code.addStatement(w + ".reserve($L)", worstCase);
            }
            return code.build();
        }
        code.addStatement(w + ".beginSizes()");
        code.addStatement("long size_ = $L", worstCase);
        for (int i = 0; i < fields.size(); i++) {
            final Field field = fields.get(i);
            if (primitive(field)) {
                continue;
            }
            if (byReference != null && byReference.test(i)) {
                code.beginControlFlow("if (!byReference_)");
                code.add(sizeField(field, expressions.get(i), wheres.get(i), "size_"));
                code.endControlFlow();
            } else {
                code.add(sizeField(field, expressions.get(i), wheres.get(i), "size_"));
            }
        }
        code.addStatement(w + ".reserve(size_)");
        return code.build();
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

    /** The whole tag of field {@code n} holding a value of {@code type}. */
    private static int tag(final int n, final ValueType type) {
        if (type instanceof ValueType.Scalar) {
            return tag(n, ((ValueType.Scalar)type).kind());
        }
        return (n << 3) | (type instanceof ValueType.EnumType ? 0 : 2);
    }

    private static int lengthDelimitedTag(final int n) {
        return (n << 3) | 2;
    }

    private static int varintSize(final int value) {
        int size = 1;
        for (int v = value >>> 7; v != 0; v >>>= 7) {
            size++;
        }
        return size;
    }

    /** The bytes of a scalar value without its tag, as an expression. */
    private static CodeBlock scalarSize(final ScalarKind kind, final CodeBlock expr) {
        switch (kind) {
            case BOOLEAN: return CodeBlock.of("1");
            case FLOAT: return CodeBlock.of("4");
            case DOUBLE: return CodeBlock.of("8");
            case CHAR: return CodeBlock.of("$T.varint32($L)", Runtime.PROTO_SIZES, expr);
            case LONG: return CodeBlock.of("$T.sint64($L)", Runtime.PROTO_SIZES, expr);
            default: return CodeBlock.of("$T.sint32($L)", Runtime.PROTO_SIZES, expr);
        }
    }

    /**
     * The size pass of {@code field} from expression {@code expr}, with its presence rule: adds its
     * bytes to the long local {@code size} and records its lengths. A null collection or Optional
     * fails here, before anything is written.
     */
    CodeBlock sizeField(final Field field, final String expr, final String where, final String size) {
        final ValueType type = field.type();
        final int n = field.number();
        final CodeBlock.Builder code = CodeBlock.builder();
        if (type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed()) {
            final ScalarKind kind = ((ValueType.Scalar)type).kind();
            code.beginControlFlow("if ($L)", nonDefault(kind, expr));
            code.addStatement("$L += $L + $L", size, varintSize(tag(n, kind)), scalarSize(kind, CodeBlock.of("$L", expr)));
            code.endControlFlow();
        } else if (type instanceof ValueType.ListType) {
            final ValueType.ListType list = (ValueType.ListType)type;
            final String items = variable("items");
            final String element = variable("element");
            code.addStatement("$T $L = $T.requireNonNull($L, $S)", type.javaType(), items, Runtime.NULLS, expr, where);
            if (list.element() instanceof ValueType.Scalar) {
                final ScalarKind kind = ((ValueType.Scalar)list.element()).kind();
                final String slot = variable("slot");
                final String body = variable("body");
                code.beginControlFlow("if (!$L.isEmpty())", items);
                code.addStatement("int $L = " + w + ".beginSize()", slot);
                code.addStatement("long $L = 0", body);
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.addStatement("$L += $L", body, scalarSize(kind, CodeBlock.of("$T.requireNonNull($L, $S)", Runtime.NULLS, element,
                    "element of " + where)));
                code.endControlFlow();
                code.addStatement("$L += $L + " + w + ".endSize($L, $L)", size, varintSize(lengthDelimitedTag(n)), slot, body);
                code.endControlFlow();
            } else {
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.add(sizeValue(list.element(), n, CodeBlock.of("$T.requireNonNull($L, $S)", Runtime.NULLS, element, "element of " + where),
                    where, size));
                code.endControlFlow();
            }
        } else if (type instanceof ValueType.MapType) {
            final ValueType.MapType map = (ValueType.MapType)type;
            final String entry = variable("entry");
            final String slot = variable("slot");
            code.beginControlFlow("for ($T $L : $T.requireNonNull($L, $S).entrySet())", entryType(map), entry, Runtime.NULLS, expr, where);
            code.addStatement("int $L = " + w + ".beginSize()", slot);
            code.addStatement("$L += $L + " + w + ".endSize($L, $T.size$L(" + w + ", $T.requireNonNull($L.getKey(), $S), $L.getValue()))",
                size, varintSize(lengthDelimitedTag(n)), slot, codec, map.entryName(), Runtime.NULLS, entry, "key of " + where, entry);
            code.endControlFlow();
        } else if (type instanceof ValueType.OptionalType) {
            final ValueType element = ((ValueType.OptionalType)type).element();
            final String optional = variable("optional");
            code.addStatement("$T $L = $T.requireNonNull($L, $S)", type.javaType(), optional, Runtime.NULLS, expr, where);
            code.beginControlFlow("if ($L.isPresent())", optional);
            code.add(sizeValue(element, n, CodeBlock.of("$L.get()", optional), where, size));
            code.endControlFlow();
        } else {
            final String value = variable("value");
            code.addStatement("$T $L = $L", type.javaType(), value, expr);
            code.beginControlFlow("if ($L != null)", value);
            code.add(sizeValue(type, n, CodeBlock.of("$L", value), where, size));
            code.endControlFlow();
        }
        return code.build();
    }

    /** The size pass of a value that is always present (an element, a map key, a present Optional's value). */
    CodeBlock sizeValue(final ValueType type, final int n, final CodeBlock expr, final String where, final String size) {
        final CodeBlock.Builder code = CodeBlock.builder();
        final int tagSize = varintSize(tag(n, type));
        if (type instanceof ValueType.Scalar) {
            code.addStatement("$L += $L + $L", size, tagSize, scalarSize(((ValueType.Scalar)type).kind(), expr));
        } else if (type instanceof ValueType.Text) {
            code.addStatement("$L += $L + " + w + ".sizeString($L)", size, tagSize, expr);
        } else if (type instanceof ValueType.Bytes) {
            code.addStatement("$L += $L + $T.lengthDelimited($L.length)", size, tagSize, Runtime.PROTO_SIZES, expr);
        } else if (type instanceof ValueType.Uuid) {
            code.addStatement("$L += $L", size, tagSize + 1 + 16);
        } else if (type instanceof ValueType.EnumType) {
            code.addStatement("$L += $L + $T.varint32($L.ordinal() + 1)", size, tagSize, Runtime.PROTO_SIZES, expr);
        } else if (type instanceof ValueType.MessageType) {
            code.addStatement("$L += $L + $T.size($L)", size, tagSize, Runtime.PROTOBUF_MESSAGES, expr);
        } else if (type instanceof ValueType.GrainRefType) {
            code.addStatement("$L += $L + $T.sizeReference(" + w + ", $L, $S)", size, tagSize, Runtime.GRAIN_ID_CODEC, expr, where);
        } else {
            // records and wrapped collections: an embedded message, sized once here for both passes
            final String slot = variable("slot");
            code.addStatement("int $L = " + w + ".beginSize()", slot);
            code.addStatement("$L += $L + " + w + ".endSize($L, $T.size$L(" + w + ", $L))", size, tagSize, slot, codec, messageName(type), expr);
        }
        return code.build();
    }

    /**
     * The write pass of {@code field} from expression {@code expr}, with its presence rule: no
     * capacity checks, the lengths the size pass recorded. Null checks repeat (a value may have
     * changed in between; a changed size fails in {@code endSized} or {@code putString}).
     */
    CodeBlock putField(final Field field, final String expr, final String where) {
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
                final String end = variable("end");
                code.beginControlFlow("if (!$L.isEmpty())", items);
                code.addStatement("int $L = " + w + ".beginSized($L)", end, lengthDelimitedTag(n));
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.addStatement(w + ".put$LValue($T.requireNonNull($L, $S))", kind.wireMethod(), Runtime.NULLS, element, "element of " + where);
                code.endControlFlow();
                code.addStatement(w + ".endSized($L)", end);
                code.endControlFlow();
            } else {
                code.beginControlFlow("for ($T $L : $L)", list.element().javaType().box(), element, items);
                code.add(putValue(list.element(), n, CodeBlock.of("$T.requireNonNull($L, $S)", Runtime.NULLS, element, "element of " + where)));
                code.endControlFlow();
            }
        } else if (type instanceof ValueType.MapType) {
            final ValueType.MapType map = (ValueType.MapType)type;
            final String entry = variable("entry");
            final String end = variable("end");
            code.beginControlFlow("for ($T $L : $T.requireNonNull($L, $S).entrySet())", entryType(map), entry, Runtime.NULLS, expr, where);
            code.addStatement("int $L = " + w + ".beginSized($L)", end, lengthDelimitedTag(n));
            code.addStatement("$T.put$L(" + w + ", $T.requireNonNull($L.getKey(), $S), $L.getValue())",
                codec, map.entryName(), Runtime.NULLS, entry, "key of " + where, entry);
            code.addStatement(w + ".endSized($L)", end);
            code.endControlFlow();
        } else if (type instanceof ValueType.OptionalType) {
            final ValueType element = ((ValueType.OptionalType)type).element();
            final String optional = variable("optional");
            code.addStatement("$T $L = $T.requireNonNull($L, $S)", type.javaType(), optional, Runtime.NULLS, expr, where);
            code.beginControlFlow("if ($L.isPresent())", optional);
            code.add(putValue(element, n, CodeBlock.of("$L.get()", optional)));
            code.endControlFlow();
        } else {
            final String value = variable("value");
            code.addStatement("$T $L = $L", type.javaType(), value, expr);
            code.beginControlFlow("if ($L != null)", value);
            code.add(putValue(type, n, CodeBlock.of("$L", value)));
            code.endControlFlow();
        }
        return code.build();
    }

    /** The write pass of a value that is always present. */
    CodeBlock putValue(final ValueType type, final int n, final CodeBlock expr) {
        final CodeBlock.Builder code = CodeBlock.builder();
        final int tag = tag(n, type);
        if (type instanceof ValueType.Scalar) {
            code.addStatement(w + ".put$L($L, $L)", ((ValueType.Scalar)type).kind().wireMethod(), tag, expr);
        } else if (type instanceof ValueType.Text) {
            code.addStatement(w + ".putString($L, $L)", tag, expr);
        } else if (type instanceof ValueType.Bytes) {
            code.addStatement(w + ".putBytes($L, $L)", tag, expr);
        } else if (type instanceof ValueType.Uuid) {
            code.addStatement(w + ".putUuid($L, $L)", tag, expr);
        } else if (type instanceof ValueType.EnumType) {
            code.addStatement(w + ".putUInt32($L, $L.ordinal() + 1)", tag, expr);
        } else if (type instanceof ValueType.MessageType) {
            code.addStatement("$T.put(" + w + ", $L, $L)", Runtime.PROTOBUF_MESSAGES, tag, expr);
        } else if (type instanceof ValueType.GrainRefType) {
            code.addStatement("$T.putReference(" + w + ", $L, $L)", Runtime.GRAIN_ID_CODEC, tag, expr);
        } else {
            final String end = variable("end");
            code.addStatement("int $L = " + w + ".beginSized($L)", end, tag);
            code.addStatement("$T.put$L(" + w + ", $L)", codec, messageName(type), expr);
            code.addStatement(w + ".endSized($L)", end);
        }
        return code.build();
    }

    private static TypeName entryType(final ValueType.MapType map) {
        return ParameterizedTypeName.get(ClassName.get("java.util", "Map", "Entry"), map.key().javaType().box(), map.value().javaType().box());
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
