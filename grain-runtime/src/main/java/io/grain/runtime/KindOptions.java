package io.grain.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-kind settings given at registration:
 * {@code register(Player.class, PlayerGrain::new, kind -> kind.collectionAge(..).supervision(..))}.
 * Not thread safe; used once, while the member is configured.
 */
public final class KindOptions {
    private Duration collectionAge;
    private Supervision supervision = Supervision.DEFAULT;

    /** A new set of options with the defaults: the member's collection age, {@link Supervision#DEFAULT}. */
    public KindOptions() {
    }

    /** How long an activation of this kind may stay idle before it is collected; default the member's. */
    public KindOptions collectionAge(final Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("collection age must be positive: " + age);
        }
        this.collectionAge = age;
        return this;
    }

    /** What a failure of this kind does; default {@link Supervision#DEFAULT}. */
    public KindOptions supervision(final Supervision supervision) {
        this.supervision = Objects.requireNonNull(supervision, "supervision");
        return this;
    }

    /** The collection age, or null for the member's. */
    public Duration collectionAge() {
        return collectionAge;
    }

    public Supervision supervision() {
        return supervision;
    }
}
