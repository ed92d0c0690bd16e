package io.grain.runtime;

import org.agrona.concurrent.IdleStrategy;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The idle strategy of an {@link IdleProfile}: spin, yield, then park for a time that doubles up to
 * the profile's limit, which is short while the thread has calls outstanding and long when it is
 * idle. Another thread that hands this one work calls {@link #wake()}, which unparks it only if it
 * is parked (a volatile read otherwise).
 *
 * <p>Thread ownership: {@link #idle}, {@link #reset} on the thread it idles (one thread);
 * {@link #wake()} and {@link #use} from any thread. The profile and the signals may be replaced
 * while the thread runs ({@link #use}): a transport launched before its member learns the member's
 * profile that way.
 */
public final class ProfileIdleStrategy implements IdleStrategy {
    /** A signal that is never raised. */
    public static final BooleanSupplier NEVER = () -> false;

    private static final int NOT_IDLE = 0;
    private static final int SPINNING = 1;
    private static final int YIELDING = 2;
    private static final int PARKING = 3;

    private volatile IdleProfile profile;
    private volatile BooleanSupplier callsOutstanding;
    private volatile BooleanSupplier workWaiting;
    /** The thread that idles here, once it idled. */
    private volatile Thread owner;
    /** True from just before the owner parks until it wakes. */
    private volatile boolean parked;

    private int state = NOT_IDLE;
    private int spins;
    private int yields;
    private long parkNanos;

    ProfileIdleStrategy(final IdleProfile profile, final BooleanSupplier callsOutstanding,
        final BooleanSupplier workWaiting) {
        use(profile, callsOutstanding, workWaiting);
    }

    /** Switches to {@code profile} and these signals from the next idle on. Any thread. */
    public void use(final IdleProfile profile, final BooleanSupplier callsOutstanding, final BooleanSupplier workWaiting) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.callsOutstanding = Objects.requireNonNull(callsOutstanding, "callsOutstanding");
        this.workWaiting = Objects.requireNonNull(workWaiting, "workWaiting");
    }

    /** The profile in use. */
    public IdleProfile profile() {
        return profile;
    }

    /** Unparks the owner if it is parked, so work just handed to it is taken now. Any thread. */
    public void wake() {
        if (parked) {
            final Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        final IdleProfile p = profile;
        switch (state) {
            case NOT_IDLE:
                state = SPINNING;
                spins = 0;
                // fall through
            case SPINNING:
                if (spins++ < p.spins()) {
                    Thread.onSpinWait();
                    return;
                }
                state = YIELDING;
                yields = 0;
                // fall through
            case YIELDING:
                if (yields++ < p.yields()) {
                    Thread.yield();
                    return;
                }
                state = PARKING;
                parkNanos = p.minParkNanos();
                // fall through
            default:
                park(p);
        }
    }

    private void park(final IdleProfile p) {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        final long limit = callsOutstanding.getAsBoolean() ? p.busyMaxParkNanos() : p.idleMaxParkNanos();
        final long nanos = Math.min(parkNanos, limit);
        parked = true;
        // announced before the last look: a thread that hands over work after this line sees
        // parked and wakes us; one that handed it over before is seen here
        if (!workWaiting.getAsBoolean()) {
            LockSupport.parkNanos(this, nanos);
        }
        parked = false;
        parkNanos = Math.min(nanos << 1, limit);
    }

    @Override
    public void reset() {
        state = NOT_IDLE;
    }

    @Override
    public String alias() {
        return "grain-" + profile.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ProfileIdleStrategy{" + profile + '}';
    }
}
