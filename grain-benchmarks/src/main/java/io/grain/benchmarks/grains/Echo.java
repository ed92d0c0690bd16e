package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** The benchmark's callee: answers an int with the same int (Pekko's twin: {@code EchoProtocol}). */
@Grain("echo")
public interface Echo {
    CompletableFuture<Integer> echo(int value);
}
