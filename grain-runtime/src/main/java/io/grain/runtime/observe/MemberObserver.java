package io.grain.runtime.observe;

/**
 * What a member reports about its work as it runs, for metrics: an adapter (e.g.
 * {@code io.grain.metrics.micrometer.GrainMeters}) turns it into meters. The runtime resolves every
 * grain kind and method to a small index once, at registration ({@link ObservedMember#kinds()}), so
 * an implementation keeps its meters in arrays and a report costs an array read and the meter's own
 * update: no lookup by name or tag, no allocation. The runtime calls nothing but {@link #onStart}
 * unless an observer is configured, and reads the clock for these reports only then.
 *
 * <p>Thread ownership: {@link #onStart} runs once, on the thread that builds the member, before
 * any other method. {@link #onCall}, {@link #onTurn}, {@link #onActivated} and
 * {@link #onDeactivated} run on the member's shard threads, several at once;
 * {@link #onStorage} on the storage's threads. Implementations must be thread safe and must not
 * block or throw.
 */
public interface MemberObserver {
    /** Observes nothing. */
    MemberObserver NONE = new MemberObserver() {
        @Override
        public void onStart(final ObservedMember member) {
        }

        @Override
        public void onCall(final int kind, final int method, final long nanos, final boolean failed) {
        }

        @Override
        public void onTurn(final int kind, final long nanos) {
        }

        @Override
        public void onActivated(final int kind) {
        }

        @Override
        public void onDeactivated(final int kind) {
        }

        @Override
        public void onStorage(final StorageOperation operation, final long nanos, final boolean failed) {
        }

        @Override
        public String toString() {
            return "MemberObserver.NONE";
        }
    };

    /** The member is built: its kinds and methods with the indexes later reports use, and its gauges. */
    void onStart(ObservedMember member);

    /**
     * A request to a grain of this member ended: its reply was sent (or, one-way, its turn ended).
     * Reminder ticks are not calls (the member's counters count them).
     *
     * @param kind   {@link ObservedKind#index()}.
     * @param method the index of the method in {@link ObservedKind#methods()}.
     * @param nanos  from the request's arrival at the grain's shard to its end: queueing behind
     *               other turns, activation and the turn itself.
     * @param failed its turn ended with an exception (thrown, or its future failed). A result that then
     *               fails to encode is an error reply but counts as served here (the member's
     *               {@code CALL_ERRORS} counter has it).
     */
    void onCall(int kind, int method, long nanos, boolean failed);

    /**
     * Grain code of {@code kind} held its shard thread for {@code nanos} without a break: one
     * synchronous piece of a turn, a continuation after an await, a timer, a lifecycle hook.
     */
    void onTurn(int kind, long nanos);

    /** An activation of {@code kind} was created on this member. */
    void onActivated(int kind);

    /** An activation of {@code kind} was removed from this member. */
    void onDeactivated(int kind);

    /** A storage operation of this member completed after {@code nanos}, successfully or not. */
    void onStorage(StorageOperation operation, long nanos, boolean failed);
}
