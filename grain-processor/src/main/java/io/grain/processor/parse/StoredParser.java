package io.grain.processor.parse;

import com.palantir.javapoet.ClassName;
import io.grain.annotation.Stored;
import io.grain.processor.model.Names;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.StoredKey;
import io.grain.processor.model.StoredModel;
import io.grain.processor.model.ValueType;
import io.grain.processor.model.WireTypes;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one {@code @Stored} record, checks every rule, and builds its {@link StoredModel}. All
 * errors of the record are reported (not just the first), each at the element or annotation value
 * it concerns; a model is returned only when there were none.
 */
public final class StoredParser {
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*");
    /** The longest identifier every supported database takes (PostgreSQL's limit). */
    private static final int MAX_TABLE_LENGTH = 63;
    /** Grain's own tables (grain_state, grain_reminders, grain_schema_version, ...) start with this. */
    private static final String RESERVED_TABLE_PREFIX = "grain_";

    private final ProcessingEnvironment env;

    public StoredParser(final ProcessingEnvironment env) {
        this.env = env;
    }

    /**
     * True when the type of some component is not yet known to javac (another processor may
     * generate it in a later round), so parsing should wait.
     */
    public boolean mentionsUnknownTypes(final TypeElement record) {
        for (final RecordComponentElement component : ElementFilter.recordComponentsIn(record.getEnclosedElements())) {
            if (component.asType().getKind() == TypeKind.ERROR) {
                return true;
            }
        }
        return false;
    }

    /** The model, or empty after reporting every error found. */
    public Optional<StoredModel> parse(final Element annotated) {
        final Diagnostics diagnostics = new Diagnostics(env.getMessager());
        if (annotated.getKind() != ElementKind.RECORD) {
            diagnostics.misplaced(annotated, "@Stored goes on records", "declare the stored data as a record, "
                + "e.g. record PlayerData(String name, int rating) {}");
            return Optional.empty();
        }
        final TypeElement record = (TypeElement)annotated;
        final String name = record.getSimpleName().toString();
        final Stored stored = record.getAnnotation(Stored.class);
        if (!record.getTypeParameters().isEmpty()) {
            diagnostics.error(record, "@Stored record " + name + " has type parameters; a stored record needs concrete types "
                + "on the wire, so remove them");
        }
        for (Element e = record; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(record, "@Stored record " + name + " is private; make it public or package-private so its "
                    + "generated StoredType can reach it");
                break;
            }
        }
        checkTable(record, stored, diagnostics);

        final ClassName recordName = ClassName.get(record);
        final TypeResolver resolver = new TypeResolver(env, recordName.packageName());
        final Map<String, RecordComponentElement> components = new LinkedHashMap<>();
        for (final RecordComponentElement component : ElementFilter.recordComponentsIn(record.getEnclosedElements())) {
            final String componentName = component.getSimpleName().toString();
            components.put(componentName, component);
            try {
                resolver.resolve(component.asType(), "@Stored record '" + name + "' component '" + componentName + "'");
            } catch (final TypeResolver.UnsupportedTypeException e) {
                diagnostics.error(sourcePosition(record, component), e.getMessage());
            }
        }
        final StoredKey key = stored.key().isEmpty() ? null : key(record, components, "key", stored.key(), diagnostics);
        StoredKey subkey = null;
        if (!stored.subkey().isEmpty()) {
            if (stored.key().isEmpty()) {
                diagnostics.error(record, Stored.class, "subkey", "@Stored subkey '" + stored.subkey() + "' needs a key; "
                    + "set key = \"...\" to the component that comes first (rows are keyed by (key, subkey))");
            } else if (stored.subkey().equals(stored.key())) {
                diagnostics.error(record, Stored.class, "subkey", "@Stored key and subkey both name '" + stored.key()
                    + "'; the subkey must be another component (or leave it out for one row per key)");
            } else {
                subkey = key(record, components, "subkey", stored.subkey(), diagnostics);
            }
        }
        if (diagnostics.hasErrors()) {
            return Optional.empty();
        }
        final ValueType.RecordType recordType;
        try {
            recordType = (ValueType.RecordType)resolver.resolve(record.asType(), "@Stored record '" + name + "'");
        } catch (final TypeResolver.UnsupportedTypeException e) {
            diagnostics.error(record, e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new StoredModel(recordType, table(record, stored), key, subkey, rootFirst(recordType, resolver.types())));
    }

    /** The record's own message first, then what it reaches: so it leads its StoredType and .proto. */
    private static WireTypes rootFirst(final ValueType.RecordType root, final WireTypes types) {
        final List<RecordDef> records = new ArrayList<>(types.records());
        records.sort(Comparator.comparing(definition -> !definition.type().equals(root)));
        return new WireTypes(records, types.enums(), types.wrappers(), types.maps());
    }

    /**
     * Where javac can point at a component: its private field, which shares the component's
     * position in the source (javac gives the component element itself no position).
     */
    private static Element sourcePosition(final TypeElement record, final RecordComponentElement component) {
        for (final VariableElement field : ElementFilter.fieldsIn(record.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals(component.getSimpleName()) && !field.getModifiers().contains(Modifier.STATIC)) {
                return field;
            }
        }
        return component;
    }

    private static String table(final TypeElement record, final Stored stored) {
        return stored.table().isEmpty() ? Names.snakeCase(record.getSimpleName().toString()) : stored.table();
    }

    private static void checkTable(final TypeElement record, final Stored stored, final Diagnostics diagnostics) {
        final String table = table(record, stored);
        final String what = stored.table().isEmpty()
            ? "@Stored record " + record.getSimpleName() + " has no table, and its default table '" + table
                + "' (the record's name in snake case)"
            : "@Stored table '" + table + "'";
        final String fix = stored.table().isEmpty() ? "; set table = \"...\"" : "; choose a table name";
        if (!TABLE.matcher(table).matches()) {
            diagnostics.error(record, Stored.class, "table", what + " may hold only lower case letters, digits and '_', "
                + "starting with a letter" + fix + " such as \"items\"");
        }
        if (table.length() > MAX_TABLE_LENGTH) {
            diagnostics.error(record, Stored.class, "table", what + " is " + table.length() + " characters long, more than the "
                + MAX_TABLE_LENGTH + " a table name may have" + fix + " of at most " + MAX_TABLE_LENGTH + " characters");
        }
        if (table.startsWith(RESERVED_TABLE_PREFIX)) {
            diagnostics.error(record, Stored.class, "table", what + " starts with '" + RESERVED_TABLE_PREFIX
                + "', which Grain reserves for its own tables (grain_state, grain_reminders, ...)" + fix + " without that prefix");
        }
    }

    /** The key named by {@code member} ("key" or "subkey"), or null after reporting why it cannot be one. */
    private StoredKey key(
        final TypeElement record,
        final Map<String, RecordComponentElement> components,
        final String member,
        final String componentName,
        final Diagnostics diagnostics) {
        final RecordComponentElement component = components.get(componentName);
        if (component == null) {
            diagnostics.error(record, Stored.class, member, "@Stored " + member + " '" + componentName + "' names no component of "
                + "record " + record.getSimpleName() + "; name one of its components: " + String.join(", ", components.keySet()));
            return null;
        }
        final TypeMirror type = component.asType();
        final StoredKey.Kind kind = keyKind(type);
        if (kind == null) {
            diagnostics.error(record, Stored.class, member, "@Stored " + member + " '" + componentName + "' has type " + type
                + ", but a key component must be long, int, String or UUID; choose another component or change its type");
            return null;
        }
        return new StoredKey(componentName, kind);
    }

    /** The kind of a key component's type, or null when it cannot be a key. */
    private static StoredKey.Kind keyKind(final TypeMirror type) {
        if (type.getKind() == TypeKind.LONG) {
            return StoredKey.Kind.LONG;
        }
        if (type.getKind() == TypeKind.INT) {
            return StoredKey.Kind.INT;
        }
        if (type.getKind() == TypeKind.DECLARED) {
            final String name = ((TypeElement)((DeclaredType)type).asElement()).getQualifiedName().toString();
            if (name.equals("java.lang.String")) {
                return StoredKey.Kind.STRING;
            }
            if (name.equals("java.util.UUID")) {
                return StoredKey.Kind.UUID;
            }
        }
        return null;
    }
}
