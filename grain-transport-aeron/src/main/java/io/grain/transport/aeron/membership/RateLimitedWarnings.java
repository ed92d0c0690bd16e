package io.grain.transport.aeron.membership;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Warnings about bad input that an attacker may repeat at line rate: for each kind, the first
 * occurrence is logged at once, later ones at most once per {@link #INTERVAL_NS} as one line with
 * the number dropped since the last line and the latest reason. Reasons name what was wrong (a
 * length, a field), never the input's bytes. The counts that matter live in counters; this only
 * keeps the log readable.
 *
 * <p>Thread ownership: one thread (the transport thread).
 */
public final class RateLimitedWarnings {
    /** Least time between two lines of one kind. */
    public static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    private final Logger log;
    private final int memberId;
    private final String[] kinds;
    private final long[] lastNs;
    private final long[] suppressed;
    private final boolean[] logged;

    /** {@code kinds} names each kind (its index is the kind), e.g. "malformed frames". */
    public RateLimitedWarnings(final Logger log, final int memberId, final String... kinds) {
        this.log = log;
        this.memberId = memberId;
        this.kinds = kinds.clone();
        this.lastNs = new long[kinds.length];
        this.suppressed = new long[kinds.length];
        this.logged = new boolean[kinds.length];
    }

    /** One more failure of {@code kind}; logs it unless a line of that kind was logged recently. */
    public void warn(final int kind, final String reason, final long nowNs) {
        if (logged[kind] && nowNs - lastNs[kind] < INTERVAL_NS) {
            suppressed[kind]++;
            return;
        }
        if (suppressed[kind] == 0) {
            log.warn("member {} dropped {}: {}", memberId, kinds[kind], reason);
        } else {
            log.warn("member {} dropped {}: {} (and {} more since the last report)", memberId, kinds[kind], reason,
                suppressed[kind]);
        }
        logged[kind] = true;
        lastNs[kind] = nowNs;
        suppressed[kind] = 0;
    }
}
