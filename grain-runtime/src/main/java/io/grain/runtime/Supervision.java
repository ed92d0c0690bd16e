package io.grain.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a failure of a grain kind does, beyond failing the call (docs/SUPERVISION.md). Immutable;
 * each method returns a new policy.
 *
 * <ul>
 *   <li><b>Default</b> ({@link #DEFAULT}), as in Orleans: an exception or {@code Error} of a method
 *       fails that call and the activation stays; a failed activation fails the calls that waited
 *       for it, and the next call tries a new one.</li>
 *   <li>{@link #restartOnFailure()} / {@link #restartWhen}: a turn that ends in a failure the
 *       predicate accepts still fails its call, and then the activation is deactivated
 *       ({@code onDeactivate} runs, in-memory fields are gone) once its running turns end; calls
 *       that arrive meanwhile wait and run on a fresh activation, which loads its state again.</li>
 *   <li>{@link #backOffActivations}: after {@code failures} activations of one grain failed in a
 *       row (constructor, state load or {@code onActivate}), calls to it fail at once with a
 *       {@link GrainUnavailableException} naming the last cause and when the next attempt may
 *       happen; the wait starts at {@code initial} and doubles with every further failure, up to
 *       {@code max}. A successful activation ends the back-off.</li>
 * </ul>
 *
 * <pre>{@code
 * GrainMember.builder().register(Player.class, PlayerGrain::new, kind -> kind
 *     .supervision(Supervision.DEFAULT.restartOnFailure()
 *         .backOffActivations(3, Duration.ofSeconds(1), Duration.ofMinutes(1))))
 * }</pre>
 */
public final class Supervision {
    /** Orleans-like: failures fail calls, nothing restarts, every call may try a failed activation again. */
    public static final Supervision DEFAULT = new Supervision(null, 0, 0, 0);

    private final Predicate<Throwable> restartWhen;
    private final int backOffAfter;
    private final long initialBackOffMillis;
    private final long maxBackOffMillis;

    private Supervision(final Predicate<Throwable> restartWhen, final int backOffAfter, final long initialBackOffMillis,
        final long maxBackOffMillis) {
        this.restartWhen = restartWhen;
        this.backOffAfter = backOffAfter;
        this.initialBackOffMillis = initialBackOffMillis;
        this.maxBackOffMillis = maxBackOffMillis;
    }

    /** Restarts the activation after any failed turn: an exception, a failed future, or an {@code Error}. */
    public Supervision restartOnFailure() {
        return restartWhen(failure -> true);
    }

    /** Restarts the activation after a failed turn whose failure {@code which} accepts (the cause, unwrapped). */
    public Supervision restartWhen(final Predicate<Throwable> which) {
        return new Supervision(Objects.requireNonNull(which, "which"), backOffAfter, initialBackOffMillis, maxBackOffMillis);
    }

    /**
     * Fails calls fast after {@code failures} activations of one grain failed in a row: for
     * {@code initial}, doubling with each further failure up to {@code max}.
     */
    public Supervision backOffActivations(final int failures, final Duration initial, final Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (failures < 1) {
            throw new IllegalArgumentException("back-off needs at least one failure: " + failures);
        }
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off must be positive and max at least initial: " + initial + ", " + max);
        }
        return new Supervision(restartWhen, failures, initial.toMillis(), max.toMillis());
    }

    /** Whether a turn that failed with {@code failure} restarts its activation; a predicate that throws means no. */
    public boolean restarts(final Throwable failure) {
        if (restartWhen == null) {
            return false;
        }
        try {
            return restartWhen.test(failure);
        } catch (final RuntimeException e) {
            return false;
        }
    }

    /** Whether failed activations back off. */
    public boolean backsOff() {
        return backOffAfter > 0;
    }

    /** How long calls fail fast after {@code failures} activations failed in a row; 0: not at all. */
    public long backOffMillis(final int failures) {
        if (backOffAfter == 0 || failures < backOffAfter) {
            return 0;
        }
        final int doublings = Math.min(failures - backOffAfter, 62);
        final long wait = doublings >= Long.numberOfLeadingZeros(initialBackOffMillis) - 1
            ? Long.MAX_VALUE : initialBackOffMillis << doublings;
        return Math.min(wait, maxBackOffMillis);
    }

    @Override
    public String toString() {
        return "Supervision{restart=" + (restartWhen != null) + (backOffAfter == 0 ? ", no back-off" : ", back-off after "
            + backOffAfter + " failures, " + initialBackOffMillis + ".." + maxBackOffMillis + " ms") + "}";
    }
}
