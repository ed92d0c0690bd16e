package io.grain.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Answers every call of {@link Wire} with its argument, so a round trip shows what the wire kept. */
final class EchoingWire implements Wire {
    final List<Object> received = new ArrayList<>();

    private <T> CompletableFuture<T> back(final T value) {
        received.add(value);
        return CompletableFuture.completedFuture(value);
    }

    @Override public CompletableFuture<Boolean> bool(final boolean value) { return back(value); }
    @Override public CompletableFuture<Byte> int8(final byte value) { return back(value); }
    @Override public CompletableFuture<Short> int16(final short value) { return back(value); }
    @Override public CompletableFuture<Integer> int32(final int value) { return back(value); }
    @Override public CompletableFuture<Long> int64(final long value) { return back(value); }
    @Override public CompletableFuture<Character> character(final char value) { return back(value); }
    @Override public CompletableFuture<Float> float32(final float value) { return back(value); }
    @Override public CompletableFuture<Double> float64(final double value) { return back(value); }
    @Override public CompletableFuture<Integer> boxed(final Integer value) { return back(value); }
    @Override public CompletableFuture<String> text(final String value) { return back(value); }
    @Override public CompletableFuture<byte[]> bytes(final byte[] value) { return back(value); }
    @Override public CompletableFuture<Color> color(final Color value) { return back(value); }
    @Override public CompletableFuture<java.util.UUID> uuid(final java.util.UUID value) { return back(value); }
    @Override public CompletableFuture<Map<java.util.UUID, List<java.util.UUID>>> uuids(final Map<java.util.UUID, List<java.util.UUID>> value) {
        return back(value);
    }
    @Override public CompletableFuture<Tree> tree(final Tree value) { return back(value); }
    @Override public CompletableFuture<Node> node(final Node value) { return back(value); }
    @Override public CompletableFuture<List<Integer>> ints(final List<Integer> value) { return back(value); }
    @Override public CompletableFuture<List<Double>> doubles(final List<Double> value) { return back(value); }
    @Override public CompletableFuture<List<String>> strings(final List<String> value) { return back(value); }
    @Override public CompletableFuture<Set<Color>> colors(final Set<Color> value) { return back(value); }
    @Override public CompletableFuture<List<List<String>>> nestedLists(final List<List<String>> value) { return back(value); }
    @Override public CompletableFuture<List<byte[]>> blobs(final List<byte[]> value) { return back(value); }
    @Override public CompletableFuture<Map<String, Integer>> scores(final Map<String, Integer> value) { return back(value); }
    @Override public CompletableFuture<Map<Leaf, List<Long>>> leafMap(final Map<Leaf, List<Long>> value) { return back(value); }
    @Override public CompletableFuture<Map<Integer, Map<String, Color>>> nestedMaps(final Map<Integer, Map<String, Color>> value) { return back(value); }
    @Override public CompletableFuture<Optional<String>> maybe(final Optional<String> value) { return back(value); }
    @Override public CompletableFuture<Optional<List<Integer>>> maybeList(final Optional<List<Integer>> value) { return back(value); }
    @Override public CompletableFuture<List<Optional<String>>> optionals(final List<Optional<String>> value) { return back(value); }
    @Override public CompletableFuture<Echo> reference(final Echo value) { return back(value); }
    @Override public CompletableFuture<List<Echo>> references(final List<Echo> value) { return back(value); }

    @Override public CompletableFuture<com.google.protobuf.Timestamp> timestamp(final com.google.protobuf.Timestamp value) { return back(value); }
    @Override public CompletableFuture<List<com.google.protobuf.Duration>> durations(final List<com.google.protobuf.Duration> value) { return back(value); }

    @Override
    public CompletionStage<String> mixed(final int a, final String b, final List<String> c, final Leaf d, final Optional<Color> e) {
        return back(a + "|" + b + "|" + c + "|" + d + "|" + e);
    }

    @Override public CompletableFuture<Void> nothing() { return back(null); }
    @Override public CompletableFuture<Void> clash(final int calls, final int answer, final int w, final int call, final int grain,
        final int tag, final int r) { received.add(calls + answer + w + call + grain + tag + r); return CompletableFuture.completedFuture(null); }
    @Override public void fire(final String event) { received.add(event); }
}
