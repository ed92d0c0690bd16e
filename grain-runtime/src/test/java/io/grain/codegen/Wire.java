package io.grain.codegen;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A grain whose methods take and return every type the wire carries, for round-trip tests. */
@Grain("wire")
public interface Wire {
    enum Color { RED, GREEN, BLUE }

    record Leaf(String name, int weight, Color color) {
    }

    record Branch(Leaf leaf, List<Leaf> leaves, Optional<Leaf> spare) {
    }

    record Tree(Branch branch, Map<String, Branch> byName, long id) {
    }

    record Node(String value, List<Node> children) {
    }

    CompletableFuture<Boolean> bool(boolean value);

    CompletableFuture<Byte> int8(byte value);

    CompletableFuture<Short> int16(short value);

    CompletableFuture<Integer> int32(int value);

    CompletableFuture<Long> int64(long value);

    CompletableFuture<Character> character(char value);

    CompletableFuture<Float> float32(float value);

    CompletableFuture<Double> float64(double value);

    CompletableFuture<Integer> boxed(Integer value);

    CompletableFuture<String> text(String value);

    CompletableFuture<byte[]> bytes(byte[] value);

    CompletableFuture<Color> color(Color value);

    CompletableFuture<java.util.UUID> uuid(java.util.UUID value);

    CompletableFuture<Map<java.util.UUID, List<java.util.UUID>>> uuids(Map<java.util.UUID, List<java.util.UUID>> value);

    CompletableFuture<Tree> tree(Tree value);

    CompletableFuture<Node> node(Node value);

    CompletableFuture<List<Integer>> ints(List<Integer> value);

    CompletableFuture<List<Double>> doubles(List<Double> value);

    CompletableFuture<List<String>> strings(List<String> value);

    CompletableFuture<Set<Color>> colors(Set<Color> value);

    CompletableFuture<List<List<String>>> nestedLists(List<List<String>> value);

    CompletableFuture<List<byte[]>> blobs(List<byte[]> value);

    CompletableFuture<Map<String, Integer>> scores(Map<String, Integer> value);

    CompletableFuture<Map<Leaf, List<Long>>> leafMap(Map<Leaf, List<Long>> value);

    CompletableFuture<Map<Integer, Map<String, Color>>> nestedMaps(Map<Integer, Map<String, Color>> value);

    CompletableFuture<Optional<String>> maybe(Optional<String> value);

    CompletableFuture<Optional<List<Integer>>> maybeList(Optional<List<Integer>> value);

    CompletableFuture<List<Optional<String>>> optionals(List<Optional<String>> value);

    CompletableFuture<Echo> reference(Echo value);

    CompletableFuture<List<Echo>> references(List<Echo> value);

    CompletableFuture<com.google.protobuf.Timestamp> timestamp(com.google.protobuf.Timestamp value);

    CompletableFuture<List<com.google.protobuf.Duration>> durations(List<com.google.protobuf.Duration> value);

    CompletionStage<String> mixed(int a, String b, List<String> c, Leaf d, Optional<Color> e);

    CompletableFuture<Void> nothing();

    /** Parameters named like the generated code's own members must not clash with them. */
    CompletableFuture<Void> clash(int calls, int answer, int w, int call, int grain, int tag, int r);

    @io.grain.annotation.OneWay
    void fire(String event);
}
