package io.grain.runtime.membership;

/**
 * Which members are alive. Shards read {@link #view()} (a volatile read) on every duty cycle and
 * react when its version changes. Implementations are thread safe.
 */
public interface Membership {
    /** The current view. */
    MembershipView view();

    /** {@code memberId} is up and takes calls. */
    void join(int memberId);

    /** {@code memberId} left gracefully after handing its grains over. */
    void leave(int memberId);

    /** {@code memberId} is gone without a goodbye (crash, partition, failed health check). */
    void crash(int memberId);
}
