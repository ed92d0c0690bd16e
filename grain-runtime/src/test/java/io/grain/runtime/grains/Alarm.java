package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A grain that registers reminders on request and traces their ticks. */
@Grain("alarm")
public interface Alarm {
    CompletableFuture<Void> remind(String name, long dueMillis, long periodMillis);

    CompletableFuture<Void> forget(String name);

    CompletableFuture<List<String>> names();

    CompletableFuture<Integer> ticks();

    /** A turn that lasts until the test opens {@code gate}. */
    CompletableFuture<Void> hold(String gate);
}
