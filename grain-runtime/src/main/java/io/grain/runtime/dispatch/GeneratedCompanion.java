package io.grain.runtime.dispatch;

/**
 * The class the processor generated beside a user's type ({@code p.Player -> p.PlayerDispatcher},
 * {@code p.Outer.Item -> p.Outer_ItemStoredType}), looked up once by name and kept as the outcome of
 * that lookup: the companion's instance, or why there is none. A failed lookup is kept as its
 * message, not as an exception, so every caller gets an exception of its own.
 *
 * <p>Thread ownership: immutable, any thread.
 */
public final class GeneratedCompanion {
    private final Object instance;
    private final String problem;
    private final Throwable cause;

    private GeneratedCompanion(final Object instance, final String problem, final Throwable cause) {
        this.instance = instance;
        this.problem = problem;
        this.cause = cause;
    }

    /** A lookup that found {@code instance}. */
    public static GeneratedCompanion found(final Object instance) {
        return new GeneratedCompanion(instance, null, null);
    }

    /** A lookup that failed for the reason {@code problem} says. */
    public static GeneratedCompanion missing(final String problem, final Throwable cause) {
        return new GeneratedCompanion(null, problem, cause);
    }

    /** The binary name of the companion of {@code type} whose simple name ends in {@code suffix}. */
    public static String nameOf(final Class<?> type, final String suffix) {
        final String packageName = type.getPackageName();
        final String binary = packageName.isEmpty() ? type.getName() : type.getName().substring(packageName.length() + 1);
        return (packageName.isEmpty() ? "" : packageName + ".") + binary.replace('$', '_') + suffix;
    }

    /**
     * The companion found.
     *
     * @throws IllegalArgumentException, a new one per call, when the lookup failed.
     */
    public Object instance() {
        if (instance == null) {
            throw new IllegalArgumentException(problem, cause);
        }
        return instance;
    }
}
