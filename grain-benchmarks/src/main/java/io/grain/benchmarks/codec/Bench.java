package io.grain.benchmarks.codec;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The grain whose generated codec the codec benchmark measures; shapes match bench.proto. */
@Grain("bench")
public interface Bench {
    record Position(double x, double y, double z) {
    }

    record PlayerState(String name, int level, long score, Position position, List<String> items, Map<String, Integer> stats) {
    }

    CompletableFuture<Integer> primitives(int a, long b, double c, boolean d);

    CompletableFuture<Void> state(PlayerState state);
}
