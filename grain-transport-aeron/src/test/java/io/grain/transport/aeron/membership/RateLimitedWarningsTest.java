package io.grain.transport.aeron.membership;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input cannot flood the log: one line per kind at most every few seconds, with what was suppressed. */
class RateLimitedWarningsTest {
    /** A logger that records its warn calls (format and arguments). */
    private static Logger recording(final List<String> lines) {
        return (Logger)Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
            if (method.getName().equals("warn")) {
                lines.add(Arrays.deepToString(args));
            }
            return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
        });
    }

    @Test
    void logsAreNotAFloodChannelOneLinePerKindEveryFewSeconds() {
        final List<String> lines = new ArrayList<>();
        final RateLimitedWarnings warnings = new RateLimitedWarnings(recording(lines), 1, "malformed frames", "frames failing authentication");
        final long stepNs = 1_000;   // a million bad frames a second
        long now = 0;
        for (int i = 0; i < 750_000; i++) {
            now += stepNs;
            warnings.warn(i % 2, "reason " + (i % 2), now);
        }
        // 0.75 s of flood: the first of each kind only
        assertEquals(2, lines.size(), lines.toString());
        now += RateLimitedWarnings.INTERVAL_NS;
        warnings.warn(0, "reason 0", now);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).contains("374999"), "the next line tells how many were suppressed: " + lines.get(2));
    }
}
