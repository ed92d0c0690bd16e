package io.grain.storage.jdbc.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with one durable state, {@link Profile}, that exposes every {@code GrainState} operation to the tests. */
@Grain("holder")
public interface Holder {
    /** What onActivate saw: "none" or "name:level@etag". */
    CompletableFuture<String> seenOnActivate();

    /** {@code GrainState.get()}: null when there is no state. */
    CompletableFuture<Profile> get();

    CompletableFuture<Boolean> exists();

    CompletableFuture<String> etag();

    /** {@code set} in memory only. */
    CompletableFuture<Void> set(String name, int level);

    /** {@code write()} of what is in memory; answers the etag after it. */
    CompletableFuture<String> write();

    /** Sets and writes; answers the etag after the write. */
    CompletableFuture<String> put(String name, int level);

    /** Adds to the level (a state at 0 when there is none) and writes; answers the new level. */
    CompletableFuture<Integer> addLevel(int delta);

    /** {@code clear()}; answers exists() afterwards. */
    CompletableFuture<Boolean> clear();

    /** {@code read()}: re-reads, replacing what is in memory. */
    CompletableFuture<Profile> read();

    /** Writes a name of {@code chars} ASCII characters; answers the etag. */
    CompletableFuture<String> writeBig(int chars);

    /** The length of the name in memory. */
    CompletableFuture<Integer> nameLength();

    /** The thread the continuation after {@code write()} ran on. */
    CompletableFuture<String> threadAfterWrite();
}
