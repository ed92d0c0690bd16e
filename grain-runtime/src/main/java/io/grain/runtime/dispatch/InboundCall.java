package io.grain.runtime.dispatch;

import io.grain.runtime.wire.ProtoReader;

/**
 * A call as a generated dispatcher sees it: the request message, and the arguments that came by
 * reference when the caller ran in the same process.
 */
public interface InboundCall {
    /** True when immutable arguments came by reference and are absent from the message. */
    boolean passesReferences();

    /** Argument {@code index} passed by reference. */
    Object reference(int index);

    /** The request message, positioned at its first field. */
    ProtoReader arguments();
}
