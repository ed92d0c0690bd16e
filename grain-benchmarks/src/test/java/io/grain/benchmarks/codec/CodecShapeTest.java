package io.grain.benchmarks.codec;

import io.grain.benchmarks.codec.Bench.PlayerState;
import io.grain.benchmarks.codec.Bench.Position;
import io.grain.benchmarks.proto.PrimitivesRequest;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two sides of the codec benchmark encode the same shapes: Grain's bytes parse as the
 * protobuf-java messages with the same values and no unknown fields, and the reverse, so the
 * benchmark compares like with like. It also runs each benchmark method once, so they cannot rot.
 */
class CodecShapeTest {
    @Test
    void grainBytesAreTheProtobufMessagesAndBack() throws Exception {
        final ProtoWriter writer = new ProtoWriter();
        BenchCodec.writePrimitivesRequest(writer, -5, Long.MAX_VALUE, 2.5, true);
        final PrimitivesRequest primitives = PrimitivesRequest.parseFrom(writer.toByteArray());
        assertEquals(PrimitivesRequest.newBuilder().setA(-5).setB(Long.MAX_VALUE).setC(2.5).setD(true).build(), primitives);
        assertTrue(primitives.getUnknownFields().asMap().isEmpty());

        final PlayerState state = new PlayerState("bob", 3, -1, new Position(1, 2, 3), List.of("a"), Map.of("k", -9));
        writer.reset();
        BenchCodec.writeBench_PlayerState(writer, state);
        final io.grain.benchmarks.proto.PlayerState parsed = io.grain.benchmarks.proto.PlayerState.parseFrom(writer.toByteArray());
        assertEquals("bob", parsed.getName());
        assertEquals(-1, parsed.getScore());
        assertEquals(3.0, parsed.getPosition().getZ());
        assertEquals(Map.of("k", -9), parsed.getStatsMap());
        assertTrue(parsed.getUnknownFields().asMap().isEmpty());
        assertEquals(state, BenchCodec.readBench_PlayerState(new ProtoReader(parsed.toByteArray())));
    }

    /** The encode benchmarks measure the generated client, and it writes what protobuf-java writes. */
    @Test
    void theClientPathTheBenchmarkMeasuresWritesTheProtobufMessage() throws Exception {
        final CodecBenchmark.Encoder encoder = new CodecBenchmark.Encoder();
        final BenchClient client = new BenchClient(io.grain.runtime.GrainId.of(BenchDispatcher.KIND, "k"), encoder);
        client.primitives(-5, Long.MIN_VALUE, -2.5, true);
        assertArrayEquals(PrimitivesRequest.newBuilder().setA(-5).setB(Long.MIN_VALUE).setC(-2.5).setD(true).build().toByteArray(),
            encoder.writer.toByteArray());

        final PlayerState state = new PlayerState("b\u00f6b \u6f22", 3, -1, new Position(1, 2, 3), List.of("a", ""), Map.of("k", -9));
        client.state(state);
        final io.grain.benchmarks.proto.StateRequest parsed = io.grain.benchmarks.proto.StateRequest.parseFrom(encoder.writer.toByteArray());
        assertArrayEquals(parsed.toByteArray(), encoder.writer.toByteArray());
        assertEquals("b\u00f6b \u6f22", parsed.getState().getName());
        assertEquals(List.of("a", ""), parsed.getState().getItemsList());
    }

    /**
     * The sized client path against protobuf-java for the shapes where sizing can go wrong: no name,
     * an empty one, non-ASCII and surrogate pairs, an unpaired surrogate (written as '?', as
     * String.getBytes does), names whose length prefix takes two and three bytes, zero values,
     * hundreds of items and map entries (so the nested message's length takes more than one byte).
     */
    @Test
    void theSizedClientPathWritesWhatProtobufJavaWritesForEveryShape() throws Exception {
        final CodecBenchmark.Encoder encoder = new CodecBenchmark.Encoder();
        final BenchClient client = new BenchClient(io.grain.runtime.GrainId.of(BenchDispatcher.KIND, "k"), encoder);
        final List<String> many = new java.util.ArrayList<>();
        final Map<String, Integer> stats = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            many.add("item \u00e9" + i);
            stats.put("stat " + i, i * (i % 2 == 0 ? 1000 : -1000));
        }
        final List<PlayerState> states = List.of(
            new PlayerState(null, 0, 0, null, List.of(), Map.of()),
            new PlayerState("", 1, 1, new Position(0, 0, 0), List.of(""), Map.of("", 0)),
            new PlayerState("\uD83D\uDE00 gr\u00fc\u00df \u6f22\u5b57", Integer.MIN_VALUE, Long.MIN_VALUE, new Position(-0.0, Double.NaN, 1e300),
                List.of("\uD83C\uDFB2"), Map.of("\u00e9", Integer.MAX_VALUE)),
            new PlayerState("lone \uD800 high, lone \uDC00 low", 5, 5, null, List.of("\uDBFF"), Map.of()),
            new PlayerState("\u20ac".repeat(50), 2, 2, null, List.of("x".repeat(127), "y".repeat(128)), Map.of()),
            new PlayerState("\u00e9".repeat(9000), 3, 3, new Position(1, 2, 3), many, stats));
        for (final PlayerState state : states) {
            client.state(state);
            final byte[] grain = encoder.writer.toByteArray();
            final io.grain.benchmarks.proto.StateRequest parsed = io.grain.benchmarks.proto.StateRequest.parseFrom(grain);
            assertArrayEquals(parsed.toByteArray(), grain, () -> "bytes of " + state.name());
            assertTrue(parsed.getState().getUnknownFields().asMap().isEmpty());
            assertEquals(state.name() != null, parsed.getState().hasName());
            if (state.name() != null) {
                assertEquals(new String(state.name().getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8),
                    parsed.getState().getName());
            }
            assertEquals(state.items().size(), parsed.getState().getItemsCount());
            assertEquals(state.stats(), parsed.getState().getStatsMap());
            assertEquals(state.score(), parsed.getState().getScore());
        }
    }

    @Test
    void everyBenchmarkRunsOnce() throws Exception {
        final CodecBenchmark benchmark = new CodecBenchmark();
        benchmark.setUp();
        assertEquals(benchmark.grainEncodePrimitives(), benchmark.protobufEncodePrimitives());
        assertEquals(benchmark.grainEncodeState(), benchmark.protobufEncodeState());
        assertEquals(benchmark.grainDecodePrimitives() * 2, benchmark.protobufDecodePrimitives());
        assertTrue(benchmark.grainDecodeState() instanceof PlayerState);
        assertEquals(3, ((Map<?, ?>)benchmark.protobufDecodeState()).size());
    }
}
