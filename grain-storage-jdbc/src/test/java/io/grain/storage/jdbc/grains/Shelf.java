package io.grain.storage.jdbc.grains;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A grain keyed by a name that keeps its notes as rows of {@link TextUuidRow} (keyed by its name,
 * subkey a token) and one line as the row of {@link TextOnly}: every {@code RecordStore} operation
 * from a grain's context.
 */
@Grain("shelf")
public interface Shelf {
    /** Inserts; fails with DuplicateRecordException when the token is there. */
    CompletableFuture<Void> add(UUID token, String value);

    CompletableFuture<Void> put(UUID token, String value);

    /** The value under the token, or "absent". */
    CompletableFuture<String> value(UUID token);

    /** Every note's value, in token order. */
    CompletableFuture<List<String>> list();

    CompletableFuture<Boolean> remove(UUID token);

    CompletableFuture<Integer> removeAll();

    /** Upserts this shelf's one line (the TextOnly row of its name). */
    CompletableFuture<Void> putLine(String value);

    /** This shelf's one line, or "absent". */
    CompletableFuture<String> line();

    CompletableFuture<Integer> removeLine();

    /** The thread the continuation of a get ran on. */
    CompletableFuture<String> threadAfterGet();
}
