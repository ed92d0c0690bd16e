package io.grain.codegen;

import io.grain.codegen.Runs.Mixed;
import io.grain.codegen.Wire.Branch;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Node;
import io.grain.codegen.Wire.Tree;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes the generated client and reply encoder write for a wide set of values, compared with
 * {@code codec/encoded-bytes.txt}, which was recorded with the encoder of before exact sizing
 * (checked writes, nested lengths moved when they outgrew one byte). So a change to how messages
 * are sized and written cannot change a byte: strings with non-ASCII characters, surrogate pairs and
 * unpaired surrogates, empty and long strings (one-, two- and three-byte length prefixes), nested
 * records whose lengths need more than one byte, deep nesting, lists, sets, maps, optionals, nulls,
 * grain references and protobuf messages. To record a deliberate change of the wire, run with
 * {@code -Dgrain.bytes.update=true} and review the diff.
 */
class EncodedBytesTest {
    private static final Path FILE = Paths.get("src/test/resources/codec/encoded-bytes.txt");

    private final EchoingWire grain = new EchoingWire();
    private final Loopback loopback = new Loopback(false).register(WireDispatcher.INSTANCE, grain)
        .register(EchoDispatcher.INSTANCE, new EchoStub())
        .register(RunsDispatcher.INSTANCE, new PrimitiveRunsGrain());
    private final Wire wire = loopback.client(WireDispatcher.INSTANCE, "w");
    private final Runs runs = loopback.client(RunsDispatcher.INSTANCE, "r");
    private final Map<String, String> recorded = new LinkedHashMap<>();

    /** Accepts every call of {@link Runs}. */
    private static final class PrimitiveRunsGrain implements Runs {
        @Override
        public java.util.concurrent.CompletableFuture<Void> primitives(final boolean z, final byte b, final short s, final int i,
            final long l, final char c, final float f, final double d) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> mixed(final int a, final String text, final long b, final Mixed record,
            final double c, final byte[] bytes, final char ch) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> wide(final int p1, final int p2, final int p3, final int p4, final int p5,
            final int p6, final int p7, final int p8, final int p9, final int p10, final int p11, final int p12, final int p13,
            final int p14, final long p15, final long p16, final double p17, final boolean p18) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private void call(final String name, final Supplier<? extends CompletionStage<?>> call) {
        loopback.lastRequest = null;
        loopback.lastReply = null;
        call.get().toCompletableFuture().join();
        recorded.put(name + " request", HexFormat.of().formatHex(loopback.lastRequest));
        recorded.put(name + " reply", loopback.lastReply == null ? "-" : HexFormat.of().formatHex(loopback.lastReply));
    }

    private static String repeat(final String s, final int times) {
        return s.repeat(times);
    }

    static List<String> strings() {
        final List<String> strings = new ArrayList<>(Arrays.asList(
            "", "a", "h\u00e9llo w\u00f6rld", "\u65e5\u672c\u8a9e", "\uD83D\uDE00 grin", "\u007f\u0080\u07ff\u0800\uffff",
            "\uD800x", "x\uDC00", "ab\uD83D", "\uDC00\uD800", "\uD83D\uD83D\uDE00",
            repeat("\u20ac", 42), repeat("\u20ac", 43), repeat("x", 127), repeat("x", 128), repeat("y", 200),
            repeat("\u00e9", 64), repeat("\u20ac", 5000), repeat("z\uD83D\uDE00\u00e9", 6000)));
        return strings;
    }

    private void recordAll() {
        int i = 0;
        for (final String s : strings()) {
            final int n = i++;
            call("text " + n, () -> wire.text(s));
        }
        call("text null", () -> wire.text(null));
        call("strings", () -> wire.strings(strings()));
        call("strings empty", () -> wire.strings(List.of()));
        call("bytes empty", () -> wire.bytes(new byte[0]));
        final byte[] big = new byte[300];
        for (int b = 0; b < big.length; b++) {
            big[b] = (byte)(b * 7);
        }
        call("bytes 300", () -> wire.bytes(big));
        call("bytes null", () -> wire.bytes(null));
        call("blobs", () -> wire.blobs(List.of(new byte[0], big, new byte[] {1})));
        call("boxed", () -> wire.boxed(-5));
        call("boxed zero", () -> wire.boxed(0));
        call("boxed null", () -> wire.boxed(null));
        call("color", () -> wire.color(Color.BLUE));
        call("color null", () -> wire.color(null));
        call("colors", () -> wire.colors(new LinkedHashSet<>(List.of(Color.GREEN, Color.RED))));
        final UUID u1 = new UUID(0x0102030405060708L, -1L);
        final UUID u2 = new UUID(0L, 0L);
        call("uuid", () -> wire.uuid(u1));
        call("uuid null", () -> wire.uuid(null));
        final Map<UUID, List<UUID>> uuids = new LinkedHashMap<>();
        uuids.put(u1, List.of(u2, u1));
        uuids.put(u2, List.of());
        call("uuids", () -> wire.uuids(uuids));
        final Leaf leaf = new Leaf("l\u00e9af", -3, Color.GREEN);
        final Leaf bigLeaf = new Leaf(repeat("\u20ac", 60), Integer.MIN_VALUE, null);
        final Leaf emptyLeaf = new Leaf(null, 0, null);
        final Branch branch = new Branch(leaf, List.of(bigLeaf, emptyLeaf, leaf), Optional.of(bigLeaf));
        final Map<String, Branch> byName = new LinkedHashMap<>();
        byName.put("first", branch);
        byName.put("", new Branch(null, List.of(), Optional.empty()));
        byName.put(repeat("k", 130), new Branch(emptyLeaf, List.of(emptyLeaf), Optional.empty()));
        call("tree", () -> wire.tree(new Tree(branch, byName, Long.MIN_VALUE)));
        call("tree empty", () -> wire.tree(new Tree(null, Map.of(), 0)));
        call("tree null", () -> wire.tree(null));
        Node node = new Node("leaf", List.of());
        for (int depth = 0; depth < 20; depth++) {
            node = new Node(depth % 3 == 0 ? repeat("n", 40 * depth) : null, List.of(node, new Node("\u00e9" + depth, List.of())));
        }
        final Node deep = node;
        call("node", () -> wire.node(deep));
        call("ints", () -> wire.ints(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 300)));
        final List<Integer> many = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            many.add(k * 1000 - 50_000);
        }
        call("ints many", () -> wire.ints(many));
        call("ints empty", () -> wire.ints(List.of()));
        call("doubles", () -> wire.doubles(List.of(0.0, -0.0, Double.NaN, 1.5, Double.MAX_VALUE)));
        call("nestedLists", () -> wire.nestedLists(List.of(List.of("a", "\u00e9"), List.of(), List.of(repeat("q", 150)))));
        final Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put("zero", 0);
        scores.put("", 5);
        scores.put("n\u00e9g", -1);
        call("scores", () -> wire.scores(scores));
        final Map<Leaf, List<Long>> leafMap = new LinkedHashMap<>();
        leafMap.put(leaf, List.of(1L, Long.MIN_VALUE, 0L));
        leafMap.put(emptyLeaf, List.of());
        call("leafMap", () -> wire.leafMap(leafMap));
        final Map<Integer, Map<String, Color>> nestedMaps = new LinkedHashMap<>();
        nestedMaps.put(0, Map.of("r", Color.RED));
        nestedMaps.put(-7, Map.of());
        call("nestedMaps", () -> wire.nestedMaps(nestedMaps));
        call("maybe", () -> wire.maybe(Optional.of("\uD83D\uDE00")));
        call("maybe empty string", () -> wire.maybe(Optional.of("")));
        call("maybe absent", () -> wire.maybe(Optional.empty()));
        call("maybeList", () -> wire.maybeList(Optional.of(List.of(1, -2))));
        call("maybeList empty list", () -> wire.maybeList(Optional.of(List.of())));
        call("optionals", () -> wire.optionals(List.of(Optional.of("x"), Optional.empty(), Optional.of(""))));
        final Echo echo = loopback.client(EchoDispatcher.INSTANCE, "\u00e9cho");
        call("reference", () -> wire.reference(echo));
        call("reference null", () -> wire.reference(null));
        call("references", () -> wire.references(List.of(echo, loopback.client(EchoDispatcher.INSTANCE, ""))));
        call("timestamp", () -> wire.timestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5).build()));
        call("timestamp default", () -> wire.timestamp(com.google.protobuf.Timestamp.getDefaultInstance()));
        call("durations", () -> wire.durations(List.of(com.google.protobuf.Duration.newBuilder().setSeconds(-3).build(),
            com.google.protobuf.Duration.getDefaultInstance())));
        call("mixed", () -> wire.mixed(7, "b\u00e9", List.of("c", ""), leaf, Optional.of(Color.RED)));
        call("mixed nulls", () -> wire.mixed(0, null, List.of(), null, Optional.empty()));
        call("runs mixed", () -> runs.mixed(-1, repeat("\u00e9", 100), Long.MAX_VALUE,
            new Mixed(3, "t", -4L, u1, List.of(1, 2, 3), '\u00ff', -0.0), 2.5, big, 'x'));
        call("runs mixed empty", () -> runs.mixed(0, "", 0, new Mixed(0, null, 0, null, List.of(), '\0', 0.0), 0, new byte[0], '\0'));
        call("runs wide", () -> runs.wide(1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, Integer.MIN_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE, Double.MIN_VALUE, true));
    }

    @Test
    void everyEncodingIsTheRecordedOne() throws IOException {
        recordAll();
        final StringBuilder text = new StringBuilder();
        recorded.forEach((name, hex) -> text.append(name).append('\t').append(hex).append('\n'));
        if (Boolean.getBoolean("grain.bytes.update")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text, StandardCharsets.UTF_8);
        }
        final List<String> expected = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        final List<String> actual = List.of(text.toString().split("\n"));
        assertEquals(expected.size(), actual.size(), "number of recorded encodings");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "encoding " + expected.get(i).substring(0, expected.get(i).indexOf('\t')));
        }
    }
}
