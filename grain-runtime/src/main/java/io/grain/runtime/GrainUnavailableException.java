package io.grain.runtime;

/**
 * A call could not reach a live activation: its member crashed or left, the calling member is
 * closed, or the target kind is not registered where placement put it. The call failed fast; the
 * grain may be reachable on a later call (placement moves it to a live member).
 */
public final class GrainUnavailableException extends GrainException {
    private static final long serialVersionUID = 1L;

    public GrainUnavailableException(final String message) {
        super(GrainUnavailableException.class.getName(), message);
    }
}
