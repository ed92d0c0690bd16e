package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plain stateful grain. */
@Grain("counter")
public interface Counter {
    CompletableFuture<Integer> add(int delta);

    @ReadOnly
    CompletableFuture<Integer> get();

    @OneWay
    void append(int value);

    CompletableFuture<List<Integer>> appended();

    CompletableFuture<Void> fail(String message);

    /** Sends {@code count} one-way appends 0..count-1 to counter {@code target}, then returns. */
    CompletableFuture<Void> appendTo(String target, int count);

    /** Adds "mutated" to the list it got and returns its new size. */
    CompletableFuture<Integer> mutate(List<String> items);

    /** Returns its argument (an immutable record): passed by reference inside one member. */
    CompletableFuture<Point> echo(Point point);

    /** Calls counter {@code other}.add and reports the thread names before and after the await. */
    CompletableFuture<String> threadsAcross(String other);

    /** The member clock in millis. */
    CompletableFuture<Long> now();

    CompletableFuture<Void> retire();

    /** A string of {@code length} 'x' characters: a small request with a reply as large as wanted. */
    CompletableFuture<String> text(int length);

    /** Fails with an exception whose message is {@code length} 'y' characters. */
    CompletableFuture<Void> failLong(int length);

    /** Adds {@code delta} to the counter {@code other} (a grain reference) and returns its answer. */
    CompletableFuture<Integer> addVia(Counter other, int delta);

    /** A reference to itself, as a grain passes itself on. */
    CompletableFuture<Counter> self();

    record Point(int x, int y, String label) {
    }
}
