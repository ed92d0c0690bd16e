package io.grain.runtime.observe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextTest {
    private static final String W3C_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsAndWritesTheW3cTraceparent() {
        final TraceContext context = new TraceContext().parseTraceparent(W3C_EXAMPLE);
        assertTrue(context.isValid());
        assertEquals(0x4bf92f3577b34da6L, context.traceIdHigh());
        assertEquals(0xa3ce929d0e0e4736L, context.traceIdLow());
        assertEquals(0x00f067aa0ba902b7L, context.spanId());
        assertEquals(TraceContext.SAMPLED, context.flags());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", context.traceIdHex());
        assertEquals("00f067aa0ba902b7", context.spanIdHex());
        assertEquals(W3C_EXAMPLE, context.traceparent());
    }

    @Test
    void noTraceHasNoTraceparent() {
        final TraceContext context = new TraceContext().parseTraceparent(W3C_EXAMPLE).clear();
        assertFalse(context.isValid());
        assertNull(context.traceparent());
    }

    @Test
    void refusesMalformedTraceparentsWithTheReason() {
        final TraceContext context = new TraceContext();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> context.parseTraceparent("01-" + W3C_EXAMPLE.substring(3)))
            .getMessage().contains("version-00"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> context.parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).getMessage().contains("all zeros"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> context.parseTraceparent(W3C_EXAMPLE.toUpperCase()
            .replace("00-", "00-"))).getMessage().contains("hex"));
        assertThrows(IllegalArgumentException.class, () -> context.parseTraceparent(W3C_EXAMPLE.substring(1)));
        assertFalse(context.isValid(), "a refused value leaves the context as it was");
    }
}
