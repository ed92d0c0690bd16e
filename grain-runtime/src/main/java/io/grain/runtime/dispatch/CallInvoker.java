package io.grain.runtime.dispatch;

import io.grain.runtime.GrainId;

/**
 * Where generated clients send their calls: implemented by the runtime (a member, a client-mode
 * connection, a test harness). A client asks for an {@link OutboundCall}, writes the arguments into
 * it, and sends it.
 */
public interface CallInvoker {
    /**
     * Starts a call of {@code method} on {@code target}. The returned call belongs to the calling
     * thread until it is sent or abandoned.
     *
     * @param target         the grain to call.
     * @param method         the method's metadata, a constant of the generated dispatcher.
     */
    OutboundCall begin(GrainId target, GrainMethod method);
}
