package io.grain.storage;

import io.grain.annotation.Stored;
import io.grain.runtime.dispatch.GeneratedCompanion;

/**
 * Finds the generated {@link StoredType} of a {@code @Stored} record by the processor's naming
 * convention: {@code p.Item -> p.ItemStoredType}, {@code p.Outer.Item -> p.Outer_ItemStoredType},
 * through its {@code public static final INSTANCE}. Looked up once per record class (cached in a
 * {@link ClassValue}), never per operation.
 */
public final class StoredTypes {
    private static final ClassValue<GeneratedCompanion> CACHE = new ClassValue<>() {
        @Override
        protected GeneratedCompanion computeValue(final Class<?> type) {
            return find(type);
        }
    };

    private StoredTypes() {
    }

    /**
     * The stored type of {@code record}.
     *
     * @throws IllegalArgumentException when it is not a {@code @Stored} record or has no generated
     *         stored type.
     */
    @SuppressWarnings("unchecked")
    public static <T> StoredType<T> of(final Class<T> record) {
        return (StoredType<T>)CACHE.get(record).instance();
    }

    private static GeneratedCompanion find(final Class<?> type) {
        if (!type.isRecord() || !type.isAnnotationPresent(Stored.class)) {
            return GeneratedCompanion.missing(type.getName() + " is not a @Stored record; annotate the record with "
                + "@io.grain.annotation.Stored", null);
        }
        final String name = GeneratedCompanion.nameOf(type, "StoredType");
        try {
            final Class<?> generated = Class.forName(name, true, type.getClassLoader());
            final StoredType<?> result = (StoredType<?>)generated.getField("INSTANCE").get(null);
            if (result.type() != type) {
                return GeneratedCompanion.missing(name + " stores " + result.type().getName() + ", not " + type.getName(), null);
            }
            return GeneratedCompanion.found(result);
        } catch (final ClassNotFoundException e) {
            return GeneratedCompanion.missing("@Stored record " + type.getName() + " has no generated " + name
                + "; is the Grain processor (io.grain:grain-processor) on the annotation processor path?", null);
        } catch (final ReflectiveOperationException | ClassCastException e) {
            return GeneratedCompanion.missing("cannot load the generated " + name + ": " + e, e);
        }
    }
}
