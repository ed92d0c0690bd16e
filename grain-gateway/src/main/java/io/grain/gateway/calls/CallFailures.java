package io.grain.gateway.calls;

import io.grain.gateway.protocol.Error;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.runtime.GrainException;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * What a client is told when its call failed in the runtime: the grain's own failure
 * ({@code GRAIN_ERROR} with the exception's type and message), a request the grain could not
 * decode ({@code BAD_REQUEST}), an unreachable grain ({@code UNAVAILABLE}), a timeout, or a failure
 * of the gateway itself ({@code INTERNAL}, logged; its details stay on the server). Stateless.
 */
public final class CallFailures {
    private static final Logger LOG = LoggerFactory.getLogger(CallFailures.class);

    private CallFailures() {
    }

    /** The Error frame body for call {@code id} that failed with {@code failure}. */
    public static Error errorOf(final int id, final Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        final Error.Builder error = Error.newBuilder().setId(id);
        if (cause instanceof GrainUnavailableException) {
            return error.setCode(ErrorCode.UNAVAILABLE).setMessage(String.valueOf(cause.getMessage())).build();
        }
        if (cause instanceof GrainException) {
            final GrainException grainError = (GrainException)cause;
            final String message = grainError.errorMessage() == null ? "" : grainError.errorMessage();
            if (WireFormatException.class.getName().equals(grainError.errorType())) {
                return error.setCode(ErrorCode.BAD_REQUEST).setMessage("the request does not decode: " + message).build();
            }
            return error.setCode(ErrorCode.GRAIN_ERROR).setMessage(message).setGrainErrorType(grainError.errorType()).build();
        }
        if (cause instanceof TimeoutException) {
            return error.setCode(ErrorCode.TIMEOUT).setMessage("the grain did not answer in time").build();
        }
        LOG.warn("a call through the gateway failed unexpectedly", cause);
        return error.setCode(ErrorCode.INTERNAL).setMessage("the gateway could not complete the call").build();
    }
}
