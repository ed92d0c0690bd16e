package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A per-member grain for every-member calls. */
@Grain("summary")
public interface Summary {
    /** Which activation answers (a number unique in the JVM) and how often it was asked. */
    CompletableFuture<String> who();

    @OneWay
    void note(String text);

    CompletableFuture<List<String>> notes();

    /** Answers when the test opens {@code gate}. */
    CompletableFuture<String> waitFor(String gate);

    /** Asks every member's {@code leaf} activation {@link #who()} and joins the answers. */
    CompletableFuture<String> gather(String leaf);
}
