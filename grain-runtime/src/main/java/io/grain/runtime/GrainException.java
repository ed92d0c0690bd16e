package io.grain.runtime;

/**
 * A grain call failed because the grain threw: the callee's exception type name and message,
 * carried across members. The caller's future fails with this exception (wrapped in a
 * {@link java.util.concurrent.CompletionException} by {@code join()}).
 *
 * <p>Local and remote calls behave the same: the callee's exception object never crosses to the
 * caller, only its type name and message do.
 */
public class GrainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorMessage;

    public GrainException(final String errorType, final String errorMessage) {
        super(errorType + (errorMessage == null ? "" : ": " + errorMessage), null, false, false);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** The fully qualified class name of the exception the callee threw. */
    public String errorType() {
        return errorType;
    }

    /** The message of the exception the callee threw, or {@code null}. */
    public String errorMessage() {
        return errorMessage;
    }
}
