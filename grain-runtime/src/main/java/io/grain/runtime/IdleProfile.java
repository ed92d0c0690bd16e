package io.grain.runtime;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How a member's threads (its shards, the transport's duty cycle and the embedded media driver)
 * wait when they have nothing to do: a named trade between latency and idle CPU, chosen on
 * {@code GrainMember.builder().idleProfile(..)} or {@code GrainClient.builder().idleProfile(..)}.
 *
 * <p>Every profile first spins, then yields, then parks for a time that doubles from
 * {@link #minParkNanos()}; while the thread has calls outstanding (it waits for replies) the park
 * stops growing at {@link #busyMaxParkNanos()}, and once it has none (an idle member) it grows to
 * {@link #idleMaxParkNanos()}. A thread that hands work to a parked shard or transport thread wakes
 * it ({@link ProfileIdleStrategy#wake()}), so a long idle park delays only what no thread of the
 * member hands over: frames arriving on the network, timers.
 *
 * <table>
 *   <caption>The profiles</caption>
 *   <tr><th>profile</th><th>spins</th><th>yields</th><th>park while calls are outstanding</th><th>park when idle</th></tr>
 *   <tr><td>{@link #LOW_LATENCY}</td><td>1000</td><td>1000</td><td>1..10 us</td><td>up to 100 us</td></tr>
 *   <tr><td>{@link #BALANCED} (default)</td><td>100</td><td>20</td><td>1..50 us</td><td>up to 1 ms</td></tr>
 *   <tr><td>{@link #LOW_CPU}</td><td>10</td><td>2</td><td>10..250 us</td><td>up to 10 ms</td></tr>
 * </table>
 */
public enum IdleProfile {
    /** Spins and yields long and parks briefly: the lowest latency, about a core's worth of CPU per busy thread. */
    LOW_LATENCY(1000, 1000, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(10),
        TimeUnit.MICROSECONDS.toNanos(100)),
    /** The default: short spins, parks of at most 50 us while calls are outstanding, 1 ms when idle. */
    BALANCED(100, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(50),
        TimeUnit.MILLISECONDS.toNanos(1)),
    /** Parks early and long: the least CPU when idle or lightly loaded, at a latency cost on the network hops. */
    LOW_CPU(10, 2, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MICROSECONDS.toNanos(250),
        TimeUnit.MILLISECONDS.toNanos(10));

    /** The profile a member or client uses unless told otherwise. */
    public static final IdleProfile DEFAULT = BALANCED;

    private final int spins;
    private final int yields;
    private final long minParkNanos;
    private final long busyMaxParkNanos;
    private final long idleMaxParkNanos;

    IdleProfile(final int spins, final int yields, final long minParkNanos, final long busyMaxParkNanos,
        final long idleMaxParkNanos) {
        this.spins = spins;
        this.yields = yields;
        this.minParkNanos = minParkNanos;
        this.busyMaxParkNanos = busyMaxParkNanos;
        this.idleMaxParkNanos = idleMaxParkNanos;
    }

    /** Busy-spin iterations ({@link Thread#onSpinWait()}) after the last work, before yielding. */
    public int spins() {
        return spins;
    }

    /** {@link Thread#yield()}s after the spins, before parking. */
    public int yields() {
        return yields;
    }

    /** The first park. */
    public long minParkNanos() {
        return minParkNanos;
    }

    /** The longest park while the thread has calls outstanding. */
    public long busyMaxParkNanos() {
        return busyMaxParkNanos;
    }

    /** The longest park of an idle thread. */
    public long idleMaxParkNanos() {
        return idleMaxParkNanos;
    }

    /**
     * A new idle strategy of this profile for one thread.
     *
     * @param callsOutstanding true while the thread waits for replies (keeps parks short); read on the idle thread
     * @param workWaiting      checked just before parking, after the thread announced it parks, so
     *                         work handed over in between is never slept through; read on the idle thread
     */
    public ProfileIdleStrategy newStrategy(final BooleanSupplier callsOutstanding, final BooleanSupplier workWaiting) {
        return new ProfileIdleStrategy(this, callsOutstanding, workWaiting);
    }

    /** {@link #newStrategy(BooleanSupplier, BooleanSupplier)} for a thread that never has calls outstanding. */
    public IdleStrategy newStrategy() {
        return new ProfileIdleStrategy(this, ProfileIdleStrategy.NEVER, ProfileIdleStrategy.NEVER);
    }
}
