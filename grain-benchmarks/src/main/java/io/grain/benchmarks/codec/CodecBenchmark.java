package io.grain.benchmarks.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grain.benchmarks.codec.Bench.PlayerState;
import io.grain.benchmarks.codec.Bench.Position;
import io.grain.benchmarks.proto.PrimitivesRequest;
import io.grain.benchmarks.proto.StateRequest;
import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Grain's generated codec against protobuf-java's generated messages of the same shape (see
 * bench.proto), encoding into and decoding from a reused buffer. The protobuf-java side uses its
 * normal API: build a message, write it; parse a message, read its fields. Run with {@code -prof gc}
 * to see allocation per operation.
 *
 * <p>Encoding runs the code a call runs: the generated client ({@code BenchClient}) writes its
 * arguments into the {@link OutboundCall} its invoker hands it (here {@link Encoder}, which keeps
 * the message instead of sending it, and passes nothing by reference, as a call to another member).
 * The codec's {@code write...Request} methods are not measured: only tests call them. Decoding runs
 * the generated dispatcher, as a shard does for a remote request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class CodecBenchmark {
    private static final CompletableFuture<Integer> ANSWER = CompletableFuture.completedFuture(1);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ProtoWriter writer = new ProtoWriter(1024);
    private final Encoder encoder = new Encoder();
    private final BenchClient client = new BenchClient(GrainId.of(BenchDispatcher.KIND, "bench"), encoder);
    private final ProtoReader reader = new ProtoReader();
    private final byte[] protobufBuffer = new byte[1024];
    private final Arguments inbound = new Arguments();
    private final SinkGrain sink = new SinkGrain();

    private int a = 123_456;
    private long b = -9_876_543_210L;
    private double c = 3.25;
    private PlayerState state;
    private StateRequest protobufState;
    private byte[] primitivesBytes;
    private byte[] stateBytes;

    /** Receives decoded calls and keeps the last values so the JIT cannot drop the decoding. */
    static final class SinkGrain implements Bench {
        long checksum;
        PlayerState lastState;

        @Override
        public CompletableFuture<Integer> primitives(final int a, final long b, final double c, final boolean d) {
            checksum += a + b + (long)c + (d ? 1 : 0);
            return ANSWER;
        }

        @Override
        public CompletableFuture<Void> state(final PlayerState state) {
            lastState = state;
            return DONE;
        }
    }

    /** The inbound call of a remote request: arguments only in the message. */
    static final class Arguments implements InboundCall {
        ProtoReader reader;

        @Override
        public boolean passesReferences() {
            return false;
        }

        @Override
        public Object reference(final int index) {
            throw new IllegalStateException("no references");
        }

        @Override
        public ProtoReader arguments() {
            return reader;
        }
    }

    /**
     * The invoker and call of {@link #client}: each call starts a fresh message in one reused writer
     * and ends with it written, as a member's call does before it hands the message to its shard.
     */
    static final class Encoder implements CallInvoker, OutboundCall {
        final ProtoWriter writer = new ProtoWriter(1024);

        @Override
        public OutboundCall begin(final GrainId target, final GrainMethod method) {
            writer.reset();
            return this;
        }

        @Override
        public boolean passesReferences() {
            return false;
        }

        @Override
        public void reference(final int index, final Object value) {
            throw new IllegalStateException("arguments go encoded");
        }

        @Override
        public ProtoWriter arguments() {
            return writer;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> request(final ReplyDecoder<R> replyDecoder) {
            return (CompletableFuture<R>)ANSWER;
        }

        @Override
        public void send() {
        }

        @Override
        public <R> CompletableFuture<R> abandon(final Throwable cause) {
            return CompletableFuture.failedFuture(cause);
        }
    }

    @Setup
    public void setUp() {
        final Map<String, Integer> stats = new LinkedHashMap<>();
        stats.put("kills", 42);
        stats.put("deaths", 7);
        stats.put("assists", 19);
        state = new PlayerState("alice", 37, 1_234_567_890L, new Position(1.5, -2.25, 100.0),
            List.of("sword", "shield", "potion"), stats);
        protobufState = StateRequest.newBuilder().setState(io.grain.benchmarks.proto.PlayerState.newBuilder()
            .setName("alice").setLevel(37).setScore(1_234_567_890L)
            .setPosition(io.grain.benchmarks.proto.Position.newBuilder().setX(1.5).setY(-2.25).setZ(100.0))
            .addAllItems(List.of("sword", "shield", "potion"))
            .putAllStats(stats))
            .build();
        writer.reset();
        BenchCodec.writePrimitivesRequest(writer, a, b, c, true);
        primitivesBytes = writer.toByteArray();
        writer.reset();
        BenchCodec.writeStateRequest(writer, state);
        stateBytes = writer.toByteArray();
    }

    @Benchmark
    public int grainEncodePrimitives() {
        client.primitives(a, b, c, true);
        return encoder.writer.position();
    }

    @Benchmark
    public int protobufEncodePrimitives() throws IOException {
        final PrimitivesRequest request = PrimitivesRequest.newBuilder().setA(a).setB(b).setC(c).setD(true).build();
        final CodedOutputStream out = CodedOutputStream.newInstance(protobufBuffer);
        request.writeTo(out);
        return out.getTotalBytesWritten();
    }

    @Benchmark
    public long grainDecodePrimitives() {
        inbound.reader = reader.wrap(primitivesBytes, 0, primitivesBytes.length);
        BenchDispatcher.INSTANCE.invoke(sink, BenchDispatcher.M_PRIMITIVES.id(), inbound);
        return sink.checksum;
    }

    @Benchmark
    public long protobufDecodePrimitives() throws InvalidProtocolBufferException {
        final PrimitivesRequest request = PrimitivesRequest.parseFrom(primitivesBytes);
        sink.primitives(request.getA(), request.getB(), request.getC(), request.getD());
        return sink.checksum;
    }

    @Benchmark
    public int grainEncodeState() {
        client.state(state);
        return encoder.writer.position();
    }

    @Benchmark
    public int protobufEncodeState() throws IOException {
        final CodedOutputStream out = CodedOutputStream.newInstance(protobufBuffer);
        protobufState.writeTo(out);
        return out.getTotalBytesWritten();
    }

    @Benchmark
    public Object grainDecodeState() {
        inbound.reader = reader.wrap(stateBytes, 0, stateBytes.length);
        final CompletionStage<?> done = BenchDispatcher.INSTANCE.invoke(sink, BenchDispatcher.M_STATE.id(), inbound);
        return done == DONE ? sink.lastState : null;
    }

    @Benchmark
    public Object protobufDecodeState() throws InvalidProtocolBufferException {
        return StateRequest.parseFrom(stateBytes).getState().getStatsMap();
    }
}
