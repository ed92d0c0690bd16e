package io.grain.processor.write;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.Names;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.ValueType;
import io.grain.processor.model.WireTypes;

import java.util.List;

/**
 * Writes {@code <Grain>.desc}: the same schema as {@link ProtoFileWriter}'s {@code <Grain>.proto},
 * as a serialized {@code google.protobuf.FileDescriptorSet} holding that one file (it imports
 * nothing), equal to what {@code protoc --descriptor_set_out} makes of the .proto. A gateway reads
 * it to speak proto3 JSON ({@code JsonFormat} over {@code DynamicMessage}) without protoc.
 */
public final class DescriptorWriter {
    private DescriptorWriter() {
    }

    /** The resource name beside the .proto: {@code Player.desc}. */
    public static String fileName(final GrainModel model) {
        return model.baseName() + ".desc";
    }

    public static byte[] write(final GrainModel model) {
        final String protoPackage = ProtoFileWriter.protoPackage(model);
        final String prefix = "." + protoPackage + ".";
        final FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
            .setName((model.packageName().isEmpty() ? "" : model.packageName().replace('.', '/') + "/") + model.protoFileName())
            .setPackage(protoPackage)
            .setSyntax("proto3");
        final ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName(model.baseName());
        for (final MethodModel method : model.methods()) {
            service.addMethod(MethodDescriptorProto.newBuilder()
                .setName(method.uniqueName())
                .setInputType(prefix + method.uniqueName() + "Request")
                .setOutputType(prefix + method.uniqueName() + "Reply"));
        }
        boolean references = false;
        for (final MethodModel method : model.methods()) {
            references |= message(file, prefix, method.uniqueName() + "Request", method.parameters());
            references |= message(file, prefix, method.uniqueName() + "Reply",
                method.result() == null ? List.of() : List.of(new Field("result", 1, method.result())));
        }
        types(file, prefix, model.types(), references);
        file.addService(service);
        return FileDescriptorSet.newBuilder().addFile(file).build().toByteArray();
    }

    /** The messages and enums of {@code types} in the order of the .proto, and {@code GrainRef} if mentioned. */
    private static void types(final FileDescriptorProto.Builder file, final String prefix, final WireTypes types, final boolean references) {
        boolean mentioned = references;
        for (final RecordDef record : types.records()) {
            mentioned |= message(file, prefix, record.type().protoName(), record.fields());
        }
        for (final ValueType wrapper : types.wrappers()) {
            mentioned |= message(file, prefix, wrapper.displayName(), List.of(new Field("value", 1, wrapper)));
        }
        for (final ValueType.MapType map : types.maps()) {
            if (!ProtoFileWriter.protoMap(map)) {
                mentioned |= message(file, prefix, map.entryName(), List.of(new Field("key", 1, map.key()), new Field("value", 2, map.value())));
            }
        }
        for (final ValueType.EnumType enumType : types.enums()) {
            final String constantPrefix = Names.constantCase(enumType.protoName()) + "_";
            final EnumDescriptorProto.Builder e = EnumDescriptorProto.newBuilder().setName(enumType.protoName());
            e.addValue(EnumValueDescriptorProto.newBuilder().setName(constantPrefix + "UNSPECIFIED").setNumber(0));
            for (int i = 0; i < enumType.constants().size(); i++) {
                e.addValue(EnumValueDescriptorProto.newBuilder().setName(constantPrefix + enumType.constants().get(i)).setNumber(i + 1));
            }
            file.addEnumType(e);
        }
        if (mentioned) {
            file.addMessageType(DescriptorProto.newBuilder().setName("GrainRef")
                .addField(scalar("kind", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(scalar("string_key", 2, FieldDescriptorProto.Type.TYPE_STRING).setOneofIndex(0))
                .addField(scalar("long_key", 3, FieldDescriptorProto.Type.TYPE_SINT64).setOneofIndex(0))
                .addField(scalar("uuid_key", 4, FieldDescriptorProto.Type.TYPE_BYTES).setOneofIndex(0))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("key")));
        }
    }

    /** Adds a message; true when it mentions GrainRef. */
    private static boolean message(final FileDescriptorProto.Builder file, final String prefix, final String name, final List<Field> fields) {
        final DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        boolean references = false;
        for (final Field field : fields) {
            field(message, prefix + name + ".", prefix, field);
            references |= ValueType.mentionsReference(field.type());
        }
        // proto3 optional fields each get a synthetic oneof, declared after the real ones (there are none here)
        for (int i = 0; i < message.getFieldCount(); i++) {
            if (message.getField(i).getProto3Optional()) {
                message.setField(i, message.getField(i).toBuilder().setOneofIndex(message.getOneofDeclCount()));
                message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + message.getField(i).getName()));
            }
        }
        file.addMessageType(message);
        return references;
    }

    private static void field(final DescriptorProto.Builder message, final String nestedPrefix, final String prefix, final Field field) {
        final String name = Names.snakeCase(field.name());
        final ValueType type = field.type();
        if (type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed()) {
            message.addField(typed(name, field.number(), type, prefix));
        } else if (type instanceof ValueType.ListType) {
            message.addField(typed(name, field.number(), ((ValueType.ListType)type).element(), prefix)
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
        } else if (type instanceof ValueType.MapType) {
            final ValueType.MapType map = (ValueType.MapType)type;
            if (ProtoFileWriter.protoMap(map)) {
                // as protoc does for map<K, V>: a nested entry message named after the field
                final String entry = camel(name, true) + "Entry";
                message.addNestedType(DescriptorProto.newBuilder().setName(entry)
                    .addField(typed("key", 1, map.key(), prefix))
                    .addField(typed("value", 2, map.value(), prefix))
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true)));
                message.addField(FieldDescriptorProto.newBuilder().setName(name).setNumber(field.number()).setJsonName(camel(name, false))
                    .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                    .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(nestedPrefix + entry));
            } else {
                message.addField(FieldDescriptorProto.newBuilder().setName(name).setNumber(field.number()).setJsonName(camel(name, false))
                    .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                    .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(prefix + map.entryName()));
            }
        } else if (type instanceof ValueType.OptionalType) {
            message.addField(singular(name, field.number(), ((ValueType.OptionalType)type).element(), prefix));
        } else {
            message.addField(singular(name, field.number(), type, prefix));
        }
    }

    /** A field with explicit presence: proto3 {@code optional} for scalars, strings, bytes and enums; messages have it anyway. */
    private static FieldDescriptorProto.Builder singular(final String name, final int number, final ValueType type, final String prefix) {
        final FieldDescriptorProto.Builder field = typed(name, number, type, prefix);
        if (field.getType() != FieldDescriptorProto.Type.TYPE_MESSAGE) {
            field.setProto3Optional(true);
        }
        return field;
    }

    /** A singular field of the element type {@code type}, as {@code ProtoFileWriter.elementType} names it. */
    private static FieldDescriptorProto.Builder typed(final String name, final int number, final ValueType type, final String prefix) {
        final FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
            .setJsonName(camel(name, false)).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        if (type instanceof ValueType.Scalar) {
            return field.setType(scalarType(((ValueType.Scalar)type).kind().protoType()));
        }
        if (type instanceof ValueType.Text) {
            return field.setType(FieldDescriptorProto.Type.TYPE_STRING);
        }
        if (type instanceof ValueType.Bytes || type instanceof ValueType.MessageType || type instanceof ValueType.Uuid) {
            return field.setType(FieldDescriptorProto.Type.TYPE_BYTES);
        }
        if (type instanceof ValueType.GrainRefType) {
            return field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(prefix + "GrainRef");
        }
        if (type instanceof ValueType.EnumType) {
            return field.setType(FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(prefix + type.displayName());
        }
        return field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(prefix + type.displayName());
    }

    private static FieldDescriptorProto.Builder scalar(final String name, final int number, final FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setJsonName(camel(name, false))
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setType(type);
    }

    private static FieldDescriptorProto.Type scalarType(final String protoType) {
        switch (protoType) {
            case "bool": return FieldDescriptorProto.Type.TYPE_BOOL;
            case "sint32": return FieldDescriptorProto.Type.TYPE_SINT32;
            case "sint64": return FieldDescriptorProto.Type.TYPE_SINT64;
            case "uint32": return FieldDescriptorProto.Type.TYPE_UINT32;
            case "float": return FieldDescriptorProto.Type.TYPE_FLOAT;
            case "double": return FieldDescriptorProto.Type.TYPE_DOUBLE;
            default: throw new IllegalArgumentException("no descriptor type for proto scalar " + protoType);
        }
    }

    /** protoc's camel case of a field name: {@code now_millis} to {@code nowMillis} (or {@code NowMillis}). */
    private static String camel(final String name, final boolean upperFirst) {
        final StringBuilder out = new StringBuilder(name.length());
        boolean upper = upperFirst;
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c == '_') {
                upper = true;
            } else if (upper) {
                out.append(Character.toUpperCase(c));
                upper = false;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
