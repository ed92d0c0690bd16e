package io.grain.runtime.wire;

/**
 * Bytes that do not decode as the expected message: truncated input, a malformed varint, a wire
 * type that does not match the field, a length past the end of the input, nesting deeper than
 * {@link ProtoReader#MAX_DEPTH}, or a value out of range for its Java type. Decoding bad bytes
 * always ends in this exception, never in a hang or an allocation larger than the input.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(final String message) {
        super(message);
    }

    public WireFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
