package io.grain.codegen;

import io.grain.codegen.Wire.Branch;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Node;
import io.grain.codegen.Wire.Tree;
import io.grain.runtime.GrainReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every type the wire carries, with edge values, through generated client, dispatcher and codec
 * and back: what a caller sends is what the grain gets, and what the grain returns is what the
 * caller gets.
 */
class RoundTripTest {
    private final EchoingWire grain = new EchoingWire();
    private final Loopback loopback = new Loopback(false).register(WireDispatcher.INSTANCE, grain)
        .register(EchoDispatcher.INSTANCE, new EchoStub());
    private final Wire wire = loopback.client(WireDispatcher.INSTANCE, "w1");

    private static final String ONE_MIB = "x".repeat(1 << 20);
    private static final String UNICODE = "héllo wörld ✓ 日本語 🎮 \uD83D\uDE00 \u0000 end";

    @Test
    void primitivesKeepTheirExtremes() {
        for (final boolean b : new boolean[] {true, false}) {
            assertEquals(b, wire.bool(b).join());
        }
        for (final byte b : new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE}) {
            assertEquals(b, wire.int8(b).join());
        }
        for (final short s : new short[] {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE}) {
            assertEquals(s, wire.int16(s).join());
        }
        for (final int i : new int[] {Integer.MIN_VALUE, -1, 0, 1, 127, 128, Integer.MAX_VALUE}) {
            assertEquals(i, wire.int32(i).join());
        }
        for (final long l : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
            assertEquals(l, wire.int64(l).join());
        }
        for (final char c : new char[] {Character.MIN_VALUE, 'a', '\u00e9', '\uD83D', Character.MAX_VALUE}) {
            assertEquals(c, wire.character(c).join());
        }
        for (final float f : new float[] {Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, -0.0f, 0.0f,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}) {
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(wire.float32(f).join()));
        }
        assertTrue(Float.isNaN(wire.float32(Float.NaN).join()));
        for (final double d : new double[] {Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -0.0, 0.0,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(wire.float64(d).join()));
        }
        assertTrue(Double.isNaN(wire.float64(Double.NaN).join()));
    }

    @Test
    void boxesAndStringsCarryNullAndEmptyApart() {
        assertNull(wire.boxed(null).join());
        assertEquals(0, wire.boxed(0).join());
        assertEquals(Integer.MIN_VALUE, wire.boxed(Integer.MIN_VALUE).join());
        assertNull(wire.text(null).join());
        assertEquals("", wire.text("").join());
        assertEquals(UNICODE, wire.text(UNICODE).join());
        assertEquals(ONE_MIB, wire.text(ONE_MIB).join());
        assertNull(wire.color(null).join());
        for (final Color c : Color.values()) {
            assertEquals(c, wire.color(c).join());
        }
    }

    @Test
    void bytesOfEverySize() {
        assertNull(wire.bytes(null).join());
        assertArrayEquals(new byte[0], wire.bytes(new byte[0]).join());
        final byte[] mib = new byte[1 << 20];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = (byte)(i * 31);
        }
        assertArrayEquals(mib, wire.bytes(mib).join());
    }

    @Test
    void recordsNestedThreeDeep() {
        final Leaf a = new Leaf("a", -5, Color.RED);
        final Leaf b = new Leaf("", 0, null);
        final Leaf c = new Leaf(UNICODE, Integer.MAX_VALUE, Color.BLUE);
        final Branch full = new Branch(a, List.of(b, c), Optional.of(c));
        final Branch bare = new Branch(null, List.of(), Optional.empty());
        final Map<String, Branch> byName = new LinkedHashMap<>();
        byName.put("full", full);
        byName.put("", bare);
        final Tree tree = new Tree(full, byName, Long.MIN_VALUE);
        assertEquals(tree, wire.tree(tree).join());
        assertNull(wire.tree(null).join());
        assertEquals(new Tree(null, Map.of(), 0), wire.tree(new Tree(null, Map.of(), 0)).join());
    }

    @Test
    void recursiveRecords() {
        Node node = new Node("leaf", List.of());
        for (int i = 0; i < 20; i++) {
            node = new Node("n" + i, List.of(node, new Node("side", List.of())));
        }
        assertEquals(node, wire.node(node).join());
    }

    @Test
    void collectionsKeepOrderAndContent() {
        assertEquals(List.of(), wire.ints(List.of()).join());
        assertEquals(List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE), wire.ints(List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE)).join());
        assertEquals(List.of(0.0, Double.MAX_VALUE, -1.5), wire.doubles(List.of(0.0, Double.MAX_VALUE, -1.5)).join());
        assertEquals(List.of("", "a", UNICODE), wire.strings(List.of("", "a", UNICODE)).join());
        final Set<Color> colors = new LinkedHashSet<>(List.of(Color.BLUE, Color.RED));
        assertEquals(new ArrayList<>(colors), new ArrayList<>(wire.colors(colors).join()));
        final List<List<String>> nested = List.of(List.of(), List.of("x", ""), List.of("y"));
        assertEquals(nested, wire.nestedLists(nested).join());
        final List<byte[]> blobs = wire.blobs(List.of(new byte[0], new byte[] {1, 2, 3})).join();
        assertEquals(2, blobs.size());
        assertArrayEquals(new byte[0], blobs.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, blobs.get(1));
    }

    @Test
    void mapsWithScalarRecordAndNestedParts() {
        final Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put("", 0);
        scores.put("alice", Integer.MIN_VALUE);
        scores.put("bob", 7);
        assertEquals(scores, wire.scores(scores).join());
        assertEquals(List.copyOf(scores.keySet()), List.copyOf(wire.scores(scores).join().keySet()));
        final Map<Leaf, List<Long>> leafMap = Map.of(new Leaf("k", 1, Color.GREEN), List.of(1L, Long.MAX_VALUE), new Leaf("e", 0, null), List.of());
        assertEquals(leafMap, wire.leafMap(leafMap).join());
        final Map<Integer, Map<String, Color>> nestedMaps = Map.of(1, Map.of("r", Color.RED), 0, Map.of());
        assertEquals(nestedMaps, wire.nestedMaps(nestedMaps).join());
    }

    @Test
    void optionalsArePresentOrNot() {
        assertEquals(Optional.empty(), wire.maybe(Optional.empty()).join());
        assertEquals(Optional.of(""), wire.maybe(Optional.of("")).join());
        assertEquals(Optional.empty(), wire.maybeList(Optional.empty()).join());
        assertEquals(Optional.of(List.of()), wire.maybeList(Optional.of(List.of())).join());
        assertEquals(Optional.of(List.of(3, 4)), wire.maybeList(Optional.of(List.of(3, 4))).join());
        final List<Optional<String>> optionals = List.of(Optional.empty(), Optional.of("x"), Optional.of(""));
        assertEquals(optionals, wire.optionals(optionals).join());
    }

    @Test
    void uuidsKeepEveryBitAndNullStaysNull() {
        for (final java.util.UUID id : List.of(new java.util.UUID(0, 0), new java.util.UUID(-1, -1), new java.util.UUID(Long.MIN_VALUE, 1),
            java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))) {
            assertEquals(id, wire.uuid(id).join());
        }
        assertNull(wire.uuid(null).join());
        final Map<java.util.UUID, List<java.util.UUID>> byKey = new LinkedHashMap<>();
        byKey.put(new java.util.UUID(1, 2), List.of(new java.util.UUID(3, 4), new java.util.UUID(0, 0)));
        byKey.put(new java.util.UUID(0, 0), List.of());
        assertEquals(byKey, wire.uuids(byKey).join());
    }

    @Test
    void grainReferencesArriveAsWorkingClients() {
        final Echo echo = loopback.client(EchoDispatcher.INSTANCE, "e1");
        final Echo back = wire.reference(echo).join();
        assertInstanceOf(EchoClient.class, back);
        assertNotSame(echo, back);
        assertEquals(echo, back);
        assertEquals("Echo/e1", ((GrainReference)back).grainId().toString());
        assertEquals(List.of(echo, echo), wire.references(List.of(echo, echo)).join());
        assertNull(wire.reference(null).join());
    }

    @Test
    void protocGeneratedMessagesTravelAsThemselves() {
        final com.google.protobuf.Timestamp now = com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5).build();
        assertEquals(now, wire.timestamp(now).join());
        assertEquals(com.google.protobuf.Timestamp.getDefaultInstance(), wire.timestamp(com.google.protobuf.Timestamp.getDefaultInstance()).join());
        assertNull(wire.timestamp(null).join());
        final List<com.google.protobuf.Duration> durations = List.of(com.google.protobuf.Duration.newBuilder().setSeconds(-3).build(),
            com.google.protobuf.Duration.getDefaultInstance());
        assertEquals(durations, wire.durations(durations).join());
    }

    @Test
    void methodsInheritedFromPlainGenericInterfacesAreGrainMethods() {
        final EchoStub echo = new EchoStub()
            .onKey(() -> java.util.concurrent.CompletableFuture.completedFuture("k1"))
            .onRename(newKey -> java.util.concurrent.CompletableFuture.completedFuture(null));
        final Loopback echoLoop = new Loopback(false).register(EchoDispatcher.INSTANCE, echo);
        final Echo client = echoLoop.client(EchoDispatcher.INSTANCE, "e");
        assertEquals("k1", client.key().join());
        client.rename("k2").join();
        assertEquals(List.of(new EchoStub.RenameCall("k2")), echo.renameCalls());
        assertEquals("rename(java.lang.String)", EchoDispatcher.M_RENAME.signature(), "the id hashes the substituted, erased type");
    }

    @Test
    void aGrainThatIsNotAReferenceFailsAtTheCaller() {
        final CompletionException failure = assertThrows(CompletionException.class, () -> wire.reference(new EchoStub()).join());
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("Wire.reference argument 'value'"), failure.getCause().getMessage());
        assertTrue(grain.received.isEmpty(), "nothing reached the grain");
    }

    @Test
    void severalArgumentsAndVoidAndOneWay() {
        assertEquals("7|b|[x, y]|Leaf[name=n, weight=1, color=RED]|Optional[GREEN]",
            wire.mixed(7, "b", List.of("x", "y"), new Leaf("n", 1, Color.RED), Optional.of(Color.GREEN)).toCompletableFuture().join());
        assertNull(wire.nothing().join());
        wire.clash(1, 2, 3, 4, 5, 6, 7).join();
        assertEquals(28, grain.received.get(grain.received.size() - 1), "parameters named like generated members");
        wire.fire("boom");
        assertEquals("boom", grain.received.get(grain.received.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "element", "optional", "mapValue"})
    void nullWhereTheWireHasNoAbsentFormFailsTheCallAndSendsNothing(final String where) {
        final CompletionException failure = assertThrows(CompletionException.class, () -> {
            switch (where) {
                case "list" -> wire.strings(null).join();
                case "element" -> wire.strings(Arrays.asList("a", null)).join();
                case "optional" -> wire.maybe(null).join();
                default -> {
                    final Map<String, Integer> map = new LinkedHashMap<>();
                    map.put("a", null);
                    wire.scores(map).join();
                }
            }
        });
        assertInstanceOf(NullPointerException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("is null"), failure.getCause().getMessage());
        assertTrue(grain.received.isEmpty(), "nothing reached the grain");
    }

    @Test
    void oneWayWithBadArgumentsThrowsAtTheCaller() {
        final Loopback local = new Loopback(false).register(WireDispatcher.INSTANCE, grain);
        final Wire client = local.client(WireDispatcher.INSTANCE, "w");
        client.fire(null);
        assertNull(grain.received.get(0));
    }

    @Test
    void insideOneProcessImmutableArgumentsPassByReferenceAndMutableOnesAreCopied() {
        final EchoingWire local = new EchoingWire();
        final Loopback sameProcess = new Loopback(true).register(WireDispatcher.INSTANCE, local);
        final Wire client = sameProcess.client(WireDispatcher.INSTANCE, "w");
        final Tree tree = new Tree(null, Map.of(), 1);
        final Leaf leaf = new Leaf("n", 1, Color.RED);
        assertNotSame(tree, client.tree(tree).join(), "a record holding a Map is not provably immutable: copied");
        client.mixed(1, "s", List.of(), leaf, Optional.empty());
        final List<String> mutable = new ArrayList<>(List.of("a"));
        final List<String> received = client.strings(mutable).join();
        assertEquals(mutable, received);
        assertNotSame(mutable, local.received.get(local.received.size() - 1), "lists are copied");
        final String text = new String("identity");
        assertSame(text, client.text(text).join(), "strings pass by reference, both ways");
    }
}
