package io.grain.gateway.push;

/**
 * Where a generated push client ({@code MatchEventsPush}) hands each push: the principal it is
 * for, the observer kind, the observer method's rpc name and the method's binary message.
 * {@link Pushes#router} routes through the principal's presence to the gateway that holds it.
 *
 * <p>Implementations are thread safe, never block, and never throw for a principal that is not
 * connected: such a push is dropped and counted.
 */
public interface PushRouter {
    /**
     * @param principal the player (the id the gateway's authenticator gave it).
     * @param observer  the observer kind, e.g. {@code match_events}.
     * @param method    the observer method's rpc name, e.g. {@code MatchFound}.
     * @param payload   the method's request message, binary; the router owns it from now on.
     */
    void push(String principal, String observer, String method, byte[] payload);
}
