package io.grain.gateway.push;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;

import java.util.concurrent.CompletableFuture;

/**
 * The presence of one principal (the grain's key) in the cluster: which member's gateway holds its
 * session, and that session's id (its generation: a newer session of the principal replaces the
 * record, and only the session recorded may clear it). Every push to the principal passes through
 * it on its way to that member, which keeps the pushes of one sender in order.
 *
 * <p>A system grain: registered by {@link Pushes#register}, called by gateways and push clients,
 * not by user code. Its record lives in memory; gateways announce their connected sessions again
 * every {@code presenceRefresh}, which rebuilds it after its member died.
 */
@Grain("grain.presence")
public interface Presence {
    /** The principal's session {@code session} is now held by the gateway of member {@code member}. */
    CompletableFuture<Void> attach(int member, String session);

    /** Session {@code session} on member {@code member} ended; forgets it if it is still the one recorded. */
    @OneWay
    void detach(int member, String session);

    /** Routes a push to the recorded member's gateway, or drops and counts it when there is none. */
    @OneWay
    void push(String observer, String method, byte[] payload);

    /** The member recorded now, or -1 when the principal has no session anywhere (for tests and tools). */
    CompletableFuture<Integer> member();
}
