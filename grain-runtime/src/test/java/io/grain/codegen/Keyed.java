package io.grain.codegen;

import java.util.concurrent.CompletableFuture;

/** A plain generic interface a grain interface may extend: its methods follow the same rules. */
public interface Keyed<K> {
    CompletableFuture<K> key();

    CompletableFuture<Void> rename(K newKey);
}
