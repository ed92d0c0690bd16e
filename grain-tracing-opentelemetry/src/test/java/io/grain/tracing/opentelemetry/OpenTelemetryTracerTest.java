package io.grain.tracing.opentelemetry;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.tracing.opentelemetry.grains.Relay;
import io.grain.tracing.opentelemetry.grains.RelayGrain;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OpenTelemetry SDK with an in-memory exporter records what two members in one JVM do: the
 * members exchange the same encoded envelopes as over Aeron (the in-JVM network), so the trace
 * context crosses the wire twice in the chain A (member 0) -> B (member 1) -> C (member 0).
 */
class OpenTelemetryTracerTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final List<AutoCloseable> open = new ArrayList<>();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void sdk() {
        sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        sdk.close();
    }

    private GrainMember member(final InJvmNetwork network) {
        final GrainMember member = GrainMember.builder().network(network).shards(2).tracer(new OpenTelemetryTracer(sdk))
            .register(Relay.class, RelayGrain::new).start();
        open.add(member);
        return member;
    }

    private static String keyOn(final int member, final List<String> taken) {
        final MembershipView view = new MembershipView(1, new int[] {0, 1});
        for (int i = 0; ; i++) {
            final String key = "r" + i;
            if (!taken.contains(key) && RendezvousPlacement.owner(GrainId.of("relay", key), view) == member) {
                return key;
            }
        }
    }

    private static <T> T await(final CompletableFuture<T> future) {
        return future.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void aThreeHopChainAcrossTwoMembersIsOneTraceUnderTheCallersSpan() {
        final InJvmNetwork network = new InJvmNetwork();
        final GrainMember m0 = member(network);
        member(network);
        final String a = keyOn(0, List.of());
        final String b = keyOn(1, List.of(a));
        final String c = keyOn(0, List.of(a, b));

        final Tracer outside = sdk.getTracer("test");
        final Span request = outside.spanBuilder("game request").setSpanKind(SpanKind.CLIENT).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            assertEquals(a + ">" + b + ">" + c, await(m0.grains().get(Relay.class, a).relay(List.of(b, c))));
        } finally {
            request.end();
        }

        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(4, spans.size(), spans.toString());
        final String traceId = request.getSpanContext().getTraceId();
        for (final SpanData span : spans) {
            assertEquals(traceId, span.getTraceId(), "one trace: " + span);
        }
        final Map<String, SpanData> hop = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER)
            .collect(Collectors.toMap(s -> s.getAttributes().get(AttributeKey.stringKey("grain.key")), Function.identity()));
        assertEquals(request.getSpanContext().getSpanId(), hop.get(a).getParentSpanId(), "A under the caller's span");
        assertEquals(hop.get(a).getSpanId(), hop.get(b).getParentSpanId(), "B is A's child (across members)");
        assertEquals(hop.get(b).getSpanId(), hop.get(c).getParentSpanId(), "C is B's child (back across)");
        assertTrue(hop.get(b).getParentSpanContext().isRemote(), "B's parent came over the wire");
        final SpanData first = hop.get(a);
        assertEquals("relay/relay", first.getName());
        assertEquals("grain", first.getAttributes().get(AttributeKey.stringKey("rpc.system")));
        assertEquals("relay", first.getAttributes().get(AttributeKey.stringKey("grain.kind")));
        assertEquals("relay", first.getAttributes().get(AttributeKey.stringKey("rpc.method")));
        assertEquals(StatusCode.UNSET, first.getStatus().getStatusCode());
    }

    @Test
    void aCallFromAThreadWithoutASpanStartsATraceAtItsFirstGrain() {
        final InJvmNetwork network = new InJvmNetwork();
        final GrainMember m0 = member(network);
        member(network);
        final String a = keyOn(0, List.of());
        final String b = keyOn(1, List.of(a));
        await(m0.grains().get(Relay.class, a).relay(List.of(b)));

        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(2, spans.size(), spans.toString());
        final SpanData root = spans.get(1);
        assertFalse(root.getParentSpanContext().isValid(), "A is the root: " + root);
        assertEquals(root.getTraceId(), spans.get(0).getTraceId());
        assertEquals(root.getSpanId(), spans.get(0).getParentSpanId());
    }

    @Test
    void aFailedTurnIsAnErrorSpanWithItsException() {
        final GrainMember m0 = member(new InJvmNetwork());
        assertThrows(CompletionException.class, () -> await(m0.grains().get(Relay.class, "x").fail("broken")));
        final SpanData span = exporter.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("exception", span.getEvents().get(0).getName());
        assertEquals("broken", span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.message")));
    }
}
