package io.grain.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;

import java.util.List;

/**
 * A type that may appear in a grain signature or a {@code @Stored} record, as the wire sees it. Each kind knows its Java type,
 * whether it is immutable (so it may pass by reference inside one process) and its Protobuf name.
 */
public sealed interface ValueType {
    /** Whether {@code type} is, or holds at any depth, a grain reference (its .proto then imports GrainRef). */
    static boolean mentionsReference(final ValueType type) {
        if (type instanceof GrainRefType) {
            return true;
        }
        if (type instanceof ListType) {
            return mentionsReference(((ListType)type).element());
        }
        if (type instanceof OptionalType) {
            return mentionsReference(((OptionalType)type).element());
        }
        if (type instanceof MapType) {
            return mentionsReference(((MapType)type).key()) || mentionsReference(((MapType)type).value());
        }
        return false;
    }

    /** The Java type, as generated code spells it. */
    TypeName javaType();

    /** Proven immutable: primitives, boxes, String, UUID, enums, protobuf messages, grain references, records of those. */
    boolean immutable();

    /** A name for the type in generated names: {@code Int}, {@code ListOfString}, {@code Profile}. */
    String displayName();

    /** Repeated or optional on the wire: cannot be an element of a repeated field without a wrapper message. */
    default boolean needsWrapper() {
        return false;
    }

    /** Java primitives and their boxes. */
    record Scalar(ScalarKind kind, boolean boxed) implements ValueType {
        @Override
        public TypeName javaType() {
            return boxed ? kind.primitive.box() : kind.primitive;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return kind.displayName;
        }
    }

    /** {@code java.lang.String}. */
    record Text() implements ValueType {
        @Override
        public TypeName javaType() {
            return ClassName.get(String.class);
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return "String";
        }
    }

    /** {@code java.util.UUID}: 16 bytes, most significant first (a proto {@code bytes} field). */
    record Uuid() implements ValueType {
        @Override
        public TypeName javaType() {
            return ClassName.get("java.util", "UUID");
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return "Uuid";
        }
    }

    /** {@code byte[]}: mutable, so always copied. */
    record Bytes() implements ValueType {
        @Override
        public TypeName javaType() {
            return ArrayTypeName.of(TypeName.BYTE);
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public String displayName() {
            return "Bytes";
        }
    }

    /** A Java enum; constant {@code i} (0-based) is Protobuf number {@code i + 1}, 0 means absent. */
    record EnumType(ClassName name, List<String> constants, String protoName) implements ValueType {
        @Override
        public TypeName javaType() {
            return name;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return protoName;
        }
    }

    /** A record; its definition lives in {@link WireTypes#records()}, as records may be recursive. */
    record RecordType(ClassName name, String protoName, boolean immutable) implements ValueType {
        @Override
        public TypeName javaType() {
            return name;
        }

        @Override
        public String displayName() {
            return protoName;
        }
    }

    /** {@code List<E>} or {@code Set<E>}: a repeated field. */
    record ListType(ValueType element, boolean set) implements ValueType {
        @Override
        public TypeName javaType() {
            return ParameterizedTypeName.get(ClassName.get("java.util", set ? "Set" : "List"), element.javaType().box());
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public String displayName() {
            return (set ? "SetOf" : "ListOf") + element.displayName();
        }

        @Override
        public boolean needsWrapper() {
            return true;
        }
    }

    /** {@code Map<K, V>}: repeated entry messages {@code {key = 1; value = 2}}, as a Protobuf map. */
    record MapType(ValueType key, ValueType value) implements ValueType {
        @Override
        public TypeName javaType() {
            return ParameterizedTypeName.get(ClassName.get("java.util", "Map"), key.javaType().box(), value.javaType().box());
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public String displayName() {
            return "MapOf" + key.displayName() + "To" + value.displayName();
        }

        @Override
        public boolean needsWrapper() {
            return true;
        }

        /** The name of the entry message. */
        public String entryName() {
            return displayName() + "Entry";
        }
    }

    /** {@code Optional<E>}: a field that is present or not. */
    record OptionalType(ValueType element) implements ValueType {
        @Override
        public TypeName javaType() {
            return ParameterizedTypeName.get(ClassName.get("java.util", "Optional"), element.javaType().box());
        }

        @Override
        public boolean immutable() {
            return element.immutable();
        }

        @Override
        public String displayName() {
            return "OptionalOf" + element.displayName();
        }

        @Override
        public boolean needsWrapper() {
            return true;
        }
    }

    /** A protoc-generated message class: embedded as its own bytes. */
    record MessageType(ClassName name) implements ValueType {
        @Override
        public TypeName javaType() {
            return name;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return String.join("_", name.simpleNames());
        }
    }

    /** Another {@code @Grain} interface: travels as a {@code GrainRef}, arrives as its client. */
    record GrainRefType(ClassName grainInterface, ClassName client, String kind) implements ValueType {
        @Override
        public TypeName javaType() {
            return grainInterface;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public String displayName() {
            return String.join("_", grainInterface.simpleNames()) + "Ref";
        }
    }
}
