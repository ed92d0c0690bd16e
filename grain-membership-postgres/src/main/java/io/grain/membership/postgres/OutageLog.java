package io.grain.membership.postgres;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * The log of a database outage as seen by one member: the first failure at once, then at most one
 * line per interval with the number of failed attempts and the latest reason, and one line when the
 * database answers again. Keeps the log readable while the database is down for minutes.
 *
 * <p>Thread ownership: the provider's database thread.
 */
final class OutageLog {
    private final Logger log;
    private final int memberId;
    private final long intervalNs;
    private long failedSinceNs;
    private long lastLineNs;
    private long attempts;

    OutageLog(final Logger log, final int memberId, final long intervalNs) {
        this.log = log;
        this.memberId = memberId;
        this.intervalNs = intervalNs;
    }

    /** One attempt failed. */
    void failed(final Exception ex, final long nowNs, final int aliveInView) {
        attempts++;
        if (attempts == 1) {
            failedSinceNs = nowNs;
            lastLineNs = nowNs;
            log.warn("member {}: the membership database cannot be reached ({}); keeping the last view ({} alive)"
                + " and serving on, retrying", memberId, reason(ex), aliveInView);
            log.debug("member {}: membership database failure", memberId, ex);
        } else if (nowNs - lastLineNs >= intervalNs) {
            lastLineNs = nowNs;
            log.warn("member {}: the membership database is still unreachable after {} attempts over {} s ({});"
                + " keeping the last view ({} alive)", memberId, attempts,
                TimeUnit.NANOSECONDS.toSeconds(nowNs - failedSinceNs), reason(ex), aliveInView);
        }
    }

    /** An attempt succeeded. */
    void succeeded(final long nowNs) {
        if (attempts > 0) {
            log.info("member {}: the membership database answers again after {} failed attempts over {} ms", memberId,
                attempts, TimeUnit.NANOSECONDS.toMillis(nowNs - failedSinceNs));
            attempts = 0;
        }
    }

    private static String reason(final Exception ex) {
        final String message = ex.getMessage();
        return ex.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(final String text) {
        final int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
