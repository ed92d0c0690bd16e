package io.grain.storage;

import io.grain.annotation.Stored;

/**
 * Finds the generated {@link StoredType} of a {@code @Stored} record by the processor's naming
 * convention: {@code p.Item -> p.ItemStoredType}, {@code p.Outer.Item -> p.Outer_ItemStoredType},
 * through its {@code public static final INSTANCE}. Looked up once per record class (cached in a
 * {@link ClassValue}), never per operation.
 */
public final class StoredTypes {
    private static final ClassValue<Object> CACHE = new ClassValue<>() {
        @Override
        protected Object computeValue(final Class<?> type) {
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
        final Object found = CACHE.get(record);
        if (found instanceof RuntimeException) {
            throw (RuntimeException)found;
        }
        return (StoredType<T>)found;
    }

    private static Object find(final Class<?> type) {
        if (!type.isRecord() || !type.isAnnotationPresent(Stored.class)) {
            return new IllegalArgumentException(type.getName() + " is not a @Stored record; annotate the record with "
                + "@io.grain.annotation.Stored");
        }
        final String packageName = type.getPackageName();
        final String binary = packageName.isEmpty() ? type.getName() : type.getName().substring(packageName.length() + 1);
        final String name = (packageName.isEmpty() ? "" : packageName + ".") + binary.replace('$', '_') + "StoredType";
        try {
            final Class<?> generated = Class.forName(name, true, type.getClassLoader());
            final StoredType<?> result = (StoredType<?>)generated.getField("INSTANCE").get(null);
            if (result.type() != type) {
                return new IllegalArgumentException(name + " stores " + result.type().getName() + ", not " + type.getName());
            }
            return result;
        } catch (final ClassNotFoundException e) {
            return new IllegalArgumentException("@Stored record " + type.getName() + " has no generated " + name
                + "; is the Grain processor (io.grain:grain-processor) on the annotation processor path?");
        } catch (final ReflectiveOperationException | ClassCastException e) {
            return new IllegalArgumentException("cannot load the generated " + name + ": " + e, e);
        }
    }
}
