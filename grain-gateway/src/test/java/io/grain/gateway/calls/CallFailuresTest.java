package io.grain.gateway.calls;

import io.grain.gateway.protocol.Error;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.runtime.GrainException;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CallFailuresTest {
    @Test
    void everyRuntimeFailureHasItsCode() {
        final Error grain = CallFailures.errorOf(3, new CompletionException(new GrainException("java.lang.IllegalStateException", "boom")));
        assertEquals(3, grain.getId());
        assertEquals(ErrorCode.GRAIN_ERROR, grain.getCode());
        assertEquals("java.lang.IllegalStateException", grain.getGrainErrorType());
        assertEquals("boom", grain.getMessage());
        assertEquals("", CallFailures.errorOf(3, new GrainException("java.lang.RuntimeException", null)).getMessage());

        final Error badBytes = CallFailures.errorOf(4, new GrainException(WireFormatException.class.getName(), "truncated varint"));
        assertEquals(ErrorCode.BAD_REQUEST, badBytes.getCode());
        assertEquals("", badBytes.getGrainErrorType());

        assertEquals(ErrorCode.UNAVAILABLE, CallFailures.errorOf(5, new GrainUnavailableException("member 1 is gone")).getCode());
        assertEquals(ErrorCode.TIMEOUT, CallFailures.errorOf(6, new TimeoutException("30000 ms")).getCode());

        final Error internal = CallFailures.errorOf(7, new NullPointerException("secret detail"));
        assertEquals(ErrorCode.INTERNAL, internal.getCode());
        assertFalse(internal.getMessage().contains("secret"), "the gateway's own failures stay on the server");
    }
}
