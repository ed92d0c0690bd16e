package io.grain.runtime;

/**
 * One member's answer to an every-member call ({@link EveryMember#call}): its value, or the
 * failure of its call (the grain's exception as a {@link GrainException}, a
 * {@link GrainUnavailableException} when the member died or closed, a
 * {@code java.util.concurrent.TimeoutException}).
 */
public record MemberReply<R>(int member, R value, Throwable failure) {
    /** Whether this member answered with a value. */
    public boolean ok() {
        return failure == null;
    }
}
