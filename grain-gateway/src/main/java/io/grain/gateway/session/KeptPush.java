package io.grain.gateway.session;

/**
 * One push as a session keeps it until it is sent (again): immutable.
 *
 * @param seq      its number within the session, from 1 without gaps.
 * @param observer the observer kind.
 * @param method   the observer method's rpc name.
 * @param payload  the method's binary message; not modified after construction.
 */
public record KeptPush(long seq, String observer, String method, byte[] payload) {
}
