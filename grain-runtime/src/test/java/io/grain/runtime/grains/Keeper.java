package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with durable state: a main state and a second one named "backup". */
@Grain("keeper")
public interface Keeper {
    /** The main state as loaded, set or written; null when there is none. */
    CompletableFuture<PlayerData> data();

    /** Adds to the rating (creating the state at 1000 when there is none) and writes; the new rating. */
    CompletableFuture<Integer> addRating(int delta);

    /** Sets a new name in memory only, without write(). */
    CompletableFuture<Void> rename(String name);

    CompletableFuture<String> etag();

    /** Sets a rating and writes; answers the name of the thread the continuation after write() ran on. */
    CompletableFuture<String> writeOnThread(int rating);

    /** Three writes without waiting (ratings 1, 2, 3); answers whether the last two shared a future, and the last rating stored. */
    CompletableFuture<String> threeWrites();

    CompletableFuture<Boolean> clear();

    /** Re-reads the main state. */
    CompletableFuture<PlayerData> reread();

    /** Writes a name of {@code chars} ASCII characters; answers the etag. */
    CompletableFuture<String> writeBig(int chars);

    /** The length of the stored name as this activation loaded it. */
    CompletableFuture<Integer> nameLength();

    /** Writes {@code rating} into the "backup" state only. */
    CompletableFuture<Void> backup(int rating);

    CompletableFuture<PlayerData> backupData();

    /**
     * Writes, then (in the continuation) calls {@code other}, which calls this grain back while
     * this turn still waits: works only if the continuation keeps the turn's call chain.
     */
    CompletableFuture<String> writeThenAskBack(String other);

    /** The same after a record operation (with a record store got outside the constructor). */
    CompletableFuture<String> upsertThenAskBack(String other);

    /** Calls {@code caller}'s etag(). */
    CompletableFuture<String> askBack(String caller);

    /** In {@code millis}, a timer adds 1 to the rating and writes (no turn runs then). */
    CompletableFuture<Void> addRatingLater(long millis);

    /** Declares a state after the constructor (a mistake). */
    CompletableFuture<Void> lateState();
}
