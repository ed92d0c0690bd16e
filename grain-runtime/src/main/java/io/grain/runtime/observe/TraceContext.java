package io.grain.runtime.observe;

/**
 * A W3C trace context (https://www.w3.org/TR/trace-context/): a 16-byte trace id, an 8-byte span
 * id and the trace flags. An envelope carries one for a request (the caller's span is the callee's
 * parent); a running turn holds one (its own span, which its outbound calls pass on). Mutable and
 * reused, so carrying it costs no allocation; an all-zero trace id means "no trace".
 *
 * <p>Thread ownership: the thread that owns the envelope or turn holding it.
 */
public final class TraceContext {
    /** The W3C flag bit "sampled". */
    public static final byte SAMPLED = 1;
    /** Length of a {@code traceparent} header value: {@code 00-<32 hex>-<16 hex>-<2 hex>}. */
    public static final int TRACEPARENT_LENGTH = 55;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;
    private byte flags;

    /** True when this holds a trace (its trace id is not all zeros). */
    public boolean isValid() {
        return (traceIdHigh | traceIdLow) != 0;
    }

    /** The first 8 bytes of the trace id, big-endian. */
    public long traceIdHigh() {
        return traceIdHigh;
    }

    /** The last 8 bytes of the trace id, big-endian. */
    public long traceIdLow() {
        return traceIdLow;
    }

    /** The span id: in an envelope the caller's span (the parent), in a turn its own span. */
    public long spanId() {
        return spanId;
    }

    /** The trace flags ({@link #SAMPLED}). */
    public byte flags() {
        return flags;
    }

    /** Sets every field; a zero trace id clears the context. */
    public TraceContext set(final long traceIdHigh, final long traceIdLow, final long spanId, final byte flags) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.flags = flags;
        return this;
    }

    /** Copies {@code other} (may be null: clears). */
    public TraceContext copyFrom(final TraceContext other) {
        if (other == null) {
            return clear();
        }
        return set(other.traceIdHigh, other.traceIdLow, other.spanId, other.flags);
    }

    /** No trace. */
    public TraceContext clear() {
        return set(0, 0, 0, (byte)0);
    }

    /** The trace id as 32 lowercase hex digits (allocates). */
    public String traceIdHex() {
        final char[] out = new char[32];
        hex(traceIdHigh, out, 0);
        hex(traceIdLow, out, 16);
        return new String(out);
    }

    /** The span id as 16 lowercase hex digits (allocates). */
    public String spanIdHex() {
        final char[] out = new char[16];
        hex(spanId, out, 0);
        return new String(out);
    }

    /** The W3C {@code traceparent} header value, version 00 (allocates); null when not valid. */
    public String traceparent() {
        if (!isValid()) {
            return null;
        }
        final char[] out = new char[TRACEPARENT_LENGTH];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(traceIdHigh, out, 3);
        hex(traceIdLow, out, 19);
        out[35] = '-';
        hex(spanId, out, 36);
        out[52] = '-';
        out[53] = HEX[(flags >> 4) & 0xF];
        out[54] = HEX[flags & 0xF];
        return new String(out);
    }

    /**
     * Reads a W3C {@code traceparent} header value into this context.
     *
     * @throws IllegalArgumentException when it is not a version-00 traceparent with a non-zero
     *         trace id and span id.
     */
    public TraceContext parseTraceparent(final String value) {
        if (value == null || value.length() != TRACEPARENT_LENGTH || value.charAt(0) != '0' || value.charAt(1) != '0'
            || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            throw new IllegalArgumentException("not a version-00 W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): " + value);
        }
        final long high = parseHex(value, 3, 19);
        final long low = parseHex(value, 19, 35);
        final long span = parseHex(value, 36, 52);
        final long flagBits = parseHex(value, 53, 55);
        if ((high | low) == 0 || span == 0) {
            throw new IllegalArgumentException("a traceparent's trace id and span id must not be all zeros: " + value);
        }
        return set(high, low, span, (byte)flagBits);
    }

    private static long parseHex(final String s, final int from, final int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            final int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || Character.isUpperCase(s.charAt(i))) {
                throw new IllegalArgumentException("not lowercase hex at index " + i + " of traceparent " + s);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static void hex(final long v, final char[] out, final int at) {
        for (int i = 0; i < 16; i++) {
            out[at + i] = HEX[(int)(v >>> (60 - 4 * i)) & 0xF];
        }
    }

    @Override
    public String toString() {
        return isValid() ? traceparent() : "TraceContext{none}";
    }
}
