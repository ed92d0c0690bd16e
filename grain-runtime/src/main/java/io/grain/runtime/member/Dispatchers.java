package io.grain.runtime.member;

import io.grain.annotation.Grain;
import io.grain.runtime.dispatch.GeneratedCompanion;
import io.grain.runtime.dispatch.GrainDispatcher;

/**
 * Finds the generated dispatcher of a grain interface by the processor's naming convention:
 * {@code p.Player -> p.PlayerDispatcher}, {@code p.Outer.Player -> p.Outer_PlayerDispatcher}.
 * Looked up once per interface (cached in a {@link ClassValue}), never on a call path.
 */
public final class Dispatchers {
    private static final ClassValue<GeneratedCompanion> CACHE = new ClassValue<>() {
        @Override
        protected GeneratedCompanion computeValue(final Class<?> type) {
            return find(type);
        }
    };

    private Dispatchers() {
    }

    /**
     * The dispatcher of {@code grainInterface}.
     *
     * @throws IllegalArgumentException when it is not a {@code @Grain} interface or has no
     *         generated dispatcher.
     */
    @SuppressWarnings("unchecked")
    public static <G> GrainDispatcher<G> of(final Class<G> grainInterface) {
        return (GrainDispatcher<G>)CACHE.get(grainInterface).instance();
    }

    private static GeneratedCompanion find(final Class<?> type) {
        if (!type.isInterface() || !type.isAnnotationPresent(Grain.class)) {
            return GeneratedCompanion.missing(type.getName() + " is not a @Grain interface; annotate it with "
                + "@io.grain.annotation.Grain, or pass the grain interface rather than its implementation", null);
        }
        final String name = GeneratedCompanion.nameOf(type, "Dispatcher");
        try {
            final Class<?> dispatcherClass = Class.forName(name, true, type.getClassLoader());
            Object dispatcher;
            try {
                dispatcher = dispatcherClass.getField("INSTANCE").get(null);
            } catch (final NoSuchFieldException e) {
                dispatcher = dispatcherClass.getConstructor().newInstance();
            }
            final GrainDispatcher<?> result = (GrainDispatcher<?>)dispatcher;
            if (result.grainInterface() != type) {
                return GeneratedCompanion.missing(name + " dispatches " + result.grainInterface().getName() + ", not " + type.getName(), null);
            }
            return GeneratedCompanion.found(result);
        } catch (final ClassNotFoundException e) {
            return GeneratedCompanion.missing("@Grain interface " + type.getName() + " has no generated dispatcher " + name
                + "; is the Grain processor (io.grain:grain-processor) on the annotation processor path?", null);
        } catch (final ReflectiveOperationException | ClassCastException e) {
            return GeneratedCompanion.missing("cannot load the generated dispatcher " + name + ": " + e, e);
        }
    }
}
