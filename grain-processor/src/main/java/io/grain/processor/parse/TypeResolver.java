package io.grain.processor.parse;

import com.palantir.javapoet.ClassName;
import io.grain.annotation.Grain;
import io.grain.processor.model.Field;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.ScalarKind;
import io.grain.processor.model.ValueType;
import io.grain.processor.model.WireTypes;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the javac types of one grain's signatures, or of one {@code @Stored} record's components,
 * into {@link ValueType}s, collecting the records, enums, wrapper messages and map entries they need. Unsupported types become a
 * {@link UnsupportedTypeException} that names the type, where it sits, and what is supported.
 *
 * <p>One resolver serves one grain interface or stored record, so each generated class holds the
 * codecs of exactly the types its source reaches (isolating: nothing depends on another's output).
 */
final class TypeResolver {
    static final String SUPPORTED = "supported: primitives and their boxes, String, UUID, byte[], enums, records of supported "
        + "types, List/Set/Map/Optional of supported types, protoc-generated messages, and @Grain interfaces";

    private final Types types;
    private final Elements elements;
    private final TypeMirror messageLite;
    private final Map<String, RecordDef> records = new LinkedHashMap<>();
    private final Map<String, ValueType.RecordType> recordsInProgress = new LinkedHashMap<>();
    private final Map<String, ValueType.EnumType> enums = new LinkedHashMap<>();
    private final Map<String, ValueType> wrappers = new LinkedHashMap<>();
    private final Map<String, ValueType.MapType> maps = new LinkedHashMap<>();
    private final Map<String, String> protoNamesTaken = new LinkedHashMap<>();

    private final String generatedPackage;

    /** @param generatedPackage the package of the generated code, which must reach every type. */
    TypeResolver(final ProcessingEnvironment env, final String generatedPackage) {
        this.generatedPackage = generatedPackage;
        this.types = env.getTypeUtils();
        this.elements = env.getElementUtils();
        final TypeElement lite = elements.getTypeElement("com.google.protobuf.MessageLite");
        this.messageLite = lite == null ? null : lite.asType();
    }

    /** Everything resolved so far needs. */
    WireTypes types() {
        return new WireTypes(new ArrayList<>(records.values()), new ArrayList<>(enums.values()), new ArrayList<>(wrappers.values()),
            new ArrayList<>(maps.values()));
    }

    /**
     * @param type  the type to resolve.
     * @param where what holds it, for the error: "parameter 'delta'", "component 'tags' of Profile".
     */
    ValueType resolve(final TypeMirror type, final String where) {
        switch (type.getKind()) {
            case BOOLEAN: return new ValueType.Scalar(ScalarKind.BOOLEAN, false);
            case BYTE: return new ValueType.Scalar(ScalarKind.BYTE, false);
            case SHORT: return new ValueType.Scalar(ScalarKind.SHORT, false);
            case INT: return new ValueType.Scalar(ScalarKind.INT, false);
            case LONG: return new ValueType.Scalar(ScalarKind.LONG, false);
            case CHAR: return new ValueType.Scalar(ScalarKind.CHAR, false);
            case FLOAT: return new ValueType.Scalar(ScalarKind.FLOAT, false);
            case DOUBLE: return new ValueType.Scalar(ScalarKind.DOUBLE, false);
            case ARRAY:
                if (((ArrayType)type).getComponentType().getKind() == TypeKind.BYTE) {
                    return new ValueType.Bytes();
                }
                throw unsupported(type, where, "arrays other than byte[] are not supported; use a List");
            case DECLARED:
                return resolveDeclared((DeclaredType)type, where);
            case TYPEVAR:
            case WILDCARD:
                throw unsupported(type, where, "type variables and wildcards are not supported; use a concrete type");
            default:
                throw unsupported(type, where, null);
        }
    }

    private ValueType resolveDeclared(final DeclaredType type, final String where) {
        final TypeElement element = (TypeElement)type.asElement();
        final String name = element.getQualifiedName().toString();
        final List<? extends TypeMirror> args = type.getTypeArguments();
        switch (name) {
            case "java.lang.Boolean": return new ValueType.Scalar(ScalarKind.BOOLEAN, true);
            case "java.lang.Byte": return new ValueType.Scalar(ScalarKind.BYTE, true);
            case "java.lang.Short": return new ValueType.Scalar(ScalarKind.SHORT, true);
            case "java.lang.Integer": return new ValueType.Scalar(ScalarKind.INT, true);
            case "java.lang.Long": return new ValueType.Scalar(ScalarKind.LONG, true);
            case "java.lang.Character": return new ValueType.Scalar(ScalarKind.CHAR, true);
            case "java.lang.Float": return new ValueType.Scalar(ScalarKind.FLOAT, true);
            case "java.lang.Double": return new ValueType.Scalar(ScalarKind.DOUBLE, true);
            case "java.lang.String": return new ValueType.Text();
            case "java.util.UUID": return new ValueType.Uuid();
            case "java.util.List":
            case "java.util.Set": {
                requireArguments(type, args, 1, where);
                final boolean set = name.endsWith("Set");
                final ValueType element1 = resolve(args.get(0), "element of " + where);
                if (set && element1 instanceof ValueType.Bytes) {
                    throw unsupported(type, where, "a Set of byte[] compares arrays by identity; use a Set of a record or String");
                }
                final ValueType.ListType list = new ValueType.ListType(element1, set);
                if (list.element().needsWrapper()) {
                    wrappers.putIfAbsent(list.element().displayName(), list.element());
                }
                return list;
            }
            case "java.util.Map": {
                requireArguments(type, args, 2, where);
                final ValueType key = resolve(args.get(0), "key of " + where);
                if (key.needsWrapper() || key instanceof ValueType.Bytes) {
                    throw unsupported(type, where, "map keys must be scalars, String, enums, records, messages or grain references");
                }
                final ValueType value = resolve(args.get(1), "value of " + where);
                final ValueType.MapType map = new ValueType.MapType(key, value);
                maps.putIfAbsent(map.displayName(), map);
                return map;
            }
            case "java.util.Optional": {
                requireArguments(type, args, 1, where);
                final ValueType value = resolve(args.get(0), "value of " + where);
                if (value.needsWrapper()) {
                    wrappers.putIfAbsent(value.displayName(), value);
                }
                return new ValueType.OptionalType(value);
            }
            default:
                break;
        }
        if (!args.isEmpty()) {
            throw unsupported(type, where, "generic types other than List, Set, Map and Optional are not supported");
        }
        if (element.getAnnotation(Grain.class) != null) {
            final ClassName iface = ClassName.get(element);
            final String kind = GrainParser.kindOf(element);
            final ClassName client = ClassName.get(iface.packageName(), String.join("_", iface.simpleNames()) + "Client");
            return new ValueType.GrainRefType(iface, client, kind);
        }
        requireAccessible(element, type, where);
        if (element.getKind() == ElementKind.ENUM) {
            return enums.computeIfAbsent(name, n -> {
                final List<String> constants = new ArrayList<>();
                for (final Element e : element.getEnclosedElements()) {
                    if (e.getKind() == ElementKind.ENUM_CONSTANT) {
                        constants.add(e.getSimpleName().toString());
                    }
                }
                return new ValueType.EnumType(ClassName.get(element), constants, protoName(element));
            });
        }
        if (element.getKind() == ElementKind.RECORD) {
            return resolveRecord(element, type, where);
        }
        if (messageLite != null && types.isAssignable(type, messageLite)) {
            if (element.getModifiers().contains(Modifier.ABSTRACT) || element.getKind() != ElementKind.CLASS) {
                throw unsupported(type, where, "protobuf messages must be concrete protoc-generated classes");
            }
            return new ValueType.MessageType(ClassName.get(element));
        }
        throw unsupported(type, where, null);
    }

    private ValueType resolveRecord(final TypeElement element, final DeclaredType type, final String where) {
        final String name = element.getQualifiedName().toString();
        final RecordDef done = records.get(name);
        if (done != null) {
            return done.type();
        }
        final ValueType.RecordType inProgress = recordsInProgress.get(name);
        if (inProgress != null) {
            return inProgress; // a recursive record refers to itself
        }
        if (!element.getTypeParameters().isEmpty()) {
            throw unsupported(type, where, "generic records are not supported");
        }
        final String protoName = protoName(element);
        // assume immutable while resolving the components; a recursive record is immutable if the rest is
        recordsInProgress.put(name, new ValueType.RecordType(ClassName.get(element), protoName, true));
        final List<Field> fields = new ArrayList<>();
        boolean immutable = true;
        int number = 1;
        for (final RecordComponentElement component : ElementFilter.recordComponentsIn(element.getEnclosedElements())) {
            final String componentName = component.getSimpleName().toString();
            final ValueType componentType = resolve(component.asType(),
                "component '" + componentName + "' of record " + element.getSimpleName() + " (in " + where + ")");
            immutable &= componentType.immutable();
            fields.add(new Field(componentName, number++, componentType));
        }
        recordsInProgress.remove(name);
        final ValueType.RecordType recordType = new ValueType.RecordType(ClassName.get(element), protoName, immutable);
        records.put(name, new RecordDef(recordType, fields));
        return recordType;
    }

    /** A message or enum name unique within this generated class and its .proto. */
    private String protoName(final TypeElement element) {
        final String qualified = element.getQualifiedName().toString();
        final String simple = String.join("_", ClassName.get(element).simpleNames());
        String candidate = simple;
        int suffix = 2;
        while (protoNamesTaken.containsKey(candidate) && !protoNamesTaken.get(candidate).equals(qualified)) {
            candidate = simple + suffix++;
        }
        protoNamesTaken.put(candidate, qualified);
        return candidate;
    }

    private void requireArguments(final DeclaredType type, final List<? extends TypeMirror> args, final int count, final String where) {
        if (args.size() != count) {
            throw unsupported(type, where, "raw collection types are not supported; give the type arguments");
        }
    }

    private void requireAccessible(final TypeElement element, final TypeMirror type, final String where) {
        for (Element e = element; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                throw unsupported(type, where, "it is private; the generated code in package " + generatedPackage + " must reach it");
            }
            if (!e.getModifiers().contains(Modifier.PUBLIC)
                && !elements.getPackageOf(e).getQualifiedName().contentEquals(generatedPackage)) {
                throw unsupported(type, where, "it is not public and lives outside the package " + generatedPackage + " of the generated code");
            }
        }
    }

    private static UnsupportedTypeException unsupported(final TypeMirror type, final String where, final String detail) {
        return new UnsupportedTypeException(where + " has unsupported type " + type
            + (detail == null ? "" : ": " + detail) + " (" + SUPPORTED + ")");
    }

    /** Thrown inside the resolver, caught by the parser and reported at the element being resolved. */
    static final class UnsupportedTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedTypeException(final String message) {
            super(message, null, false, false);
        }
    }
}
