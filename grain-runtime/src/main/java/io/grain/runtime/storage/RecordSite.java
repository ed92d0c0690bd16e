package io.grain.runtime.storage;

import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.wire.ProtoWriter;

import java.util.concurrent.CompletableFuture;

/**
 * Where the operations of a {@link StoredRecords} start and where their futures complete: an
 * activation (its thread, in its context) or any thread (a member's or a test cluster's store).
 */
public interface RecordSite {
    /**
     * Called on the calling thread at the start of every operation ({@code operation} names it):
     * a site bound to a thread checks that it is called there. Returns a reset writer to encode a
     * record with, on this thread, before the next operation begins.
     */
    ProtoWriter begin(String operation);

    /** The future the caller sees for {@code io}: {@code io} itself, or one completed on the site's thread. */
    <R> CompletableFuture<R> deliver(CompletableFuture<R> io);

    /** Where grain references decoded from rows send their calls; null refuses them. */
    CallInvoker invoker();

    /** A site for any thread: a new writer per operation, futures complete where the storage completes them. */
    static RecordSite anyThread(final CallInvoker invoker) {
        return new RecordSite() {
            @Override
            public ProtoWriter begin(final String operation) {
                return new ProtoWriter();
            }

            @Override
            public <R> CompletableFuture<R> deliver(final CompletableFuture<R> io) {
                return io;
            }

            @Override
            public CallInvoker invoker() {
                return invoker;
            }
        };
    }
}
