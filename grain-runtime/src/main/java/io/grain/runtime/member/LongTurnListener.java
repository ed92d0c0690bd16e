package io.grain.runtime.member;

import io.grain.runtime.GrainId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of grain code that held a shard thread longer than the member's long-turn threshold.
 * Called on the shard thread right after the slow code returned.
 */
@FunctionalInterface
public interface LongTurnListener {
    /** The default: a warning through SLF4J, logger {@code io.grain.runtime.LongTurn}. */
    LongTurnListener LOGGING = new LongTurnListener() {
        private final Logger log = LoggerFactory.getLogger("io.grain.runtime.LongTurn");

        @Override
        public void onLongTurn(final GrainId grain, final String what, final long nanos) {
            log.warn("grain {} held its shard for {} ms in {}; move blocking or heavy work off the grain", grain,
                nanos / 1_000_000, what);
        }
    };

    /**
     * @param grain the activation.
     * @param what  the method signature; "continuation of " and the signature of the method whose turn
     *              awaited a call; or "timer", "executor task", "continuation" (outside any turn),
     *              "onActivate", "onDeactivate".
     * @param nanos how long the code ran.
     */
    void onLongTurn(GrainId grain, String what, long nanos);
}
