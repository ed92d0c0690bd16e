package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.grains.Chain;
import io.grain.runtime.grains.ChainGrain;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.observe.TraceContext;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.InJvmNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C trace context across members: a chain grain A (member 0) -> B (member 1) -> C (member 0)
 * is one trace, each hop a child of its caller's span, through the in-JVM network (which carries
 * the same encoded envelopes as Aeron).
 */
class TracingTest {
    private static final String ROOT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private GrainMember member(final InJvmNetwork network, final RecordingTracer tracer) {
        final GrainMember.Builder builder = GrainMember.builder().network(network).shards(2)
            .register(Chain.class, ChainGrain::new).register(Counter.class, CounterGrain::new);
        if (tracer != null) {
            builder.tracer(tracer);
        }
        final GrainMember member = builder.start();
        open.add(member);
        return member;
    }

    /** A chain key that the two-member view places on {@code member}, not among {@code taken}. */
    private static String chainKeyOn(final int member, final List<String> taken) {
        final MembershipView view = new MembershipView(1, new int[] {0, 1});
        for (int i = 0; ; i++) {
            final String key = "c" + i;
            if (!taken.contains(key) && RendezvousPlacement.owner(GrainId.of("chain", key), view) == member) {
                return key;
            }
        }
    }

    private static Map<String, RecordingTracer.Span> byGrain(final List<RecordingTracer.Span> spans) {
        return spans.stream().collect(Collectors.toMap(RecordingTracer.Span::grain, Function.identity()));
    }

    @Test
    void aCallChainAcrossTwoMembersIsOneTraceWithEachHopAChildSpan() {
        final InJvmNetwork network = new InJvmNetwork();
        final List<RecordingTracer.Span> spans = RecordingTracer.newSpanList();
        final RecordingTracer tracer0 = new RecordingTracer(0, spans);
        final GrainMember m0 = member(network, tracer0);
        member(network, new RecordingTracer(1, spans));
        final String a = chainKeyOn(0, List.of());
        final String b = chainKeyOn(1, List.of(a));
        final String c = chainKeyOn(0, List.of(a, b));

        tracer0.outside.parseTraceparent(ROOT);
        assertEquals(a + ">" + b + ">" + c, Await.result(m0.grains().get(Chain.class, a).relay(List.of(b, c))));

        assertEquals(3, spans.size(), spans.toString());
        final Map<String, RecordingTracer.Span> hop = byGrain(spans);
        final String traceId = new TraceContext().parseTraceparent(ROOT).traceIdHex();
        for (final RecordingTracer.Span span : spans) {
            assertEquals(traceId, span.traceId(), "every hop is in the outside caller's trace: " + span);
            assertEquals("relay", span.method());
        }
        assertEquals(0xb7ad6b7169203331L, hop.get(a).parentSpanId(), "A's parent is the outside caller's span");
        assertEquals(hop.get(a).spanId(), hop.get(b).parentSpanId(), "B is A's child");
        assertEquals(hop.get(b).spanId(), hop.get(c).parentSpanId(), "C is B's child");
        assertEquals(List.of(0, 1, 0), List.of(hop.get(a).member(), hop.get(b).member(), hop.get(c).member()),
            "the chain crossed members twice");
    }

    @Test
    void aCallWithoutAnOutsideTraceStartsOneTraceAtItsFirstGrain() {
        final InJvmNetwork network = new InJvmNetwork();
        final List<RecordingTracer.Span> spans = RecordingTracer.newSpanList();
        final GrainMember m0 = member(network, new RecordingTracer(0, spans));
        member(network, new RecordingTracer(1, spans));
        final String a = chainKeyOn(0, List.of());
        final String b = chainKeyOn(1, List.of(a));

        Await.result(m0.grains().get(Chain.class, a).relay(List.of(b)));
        Await.result(m0.grains().get(Chain.class, a).relay(List.of(b)));

        assertEquals(4, spans.size(), spans.toString());
        final RecordingTracer.Span firstRoot = spans.get(1);
        final RecordingTracer.Span secondRoot = spans.get(3);
        assertEquals(a, firstRoot.grain(), "the root ends last: " + spans);
        assertEquals(0, firstRoot.parentSpanId(), "A has no parent");
        assertEquals(firstRoot.traceId(), spans.get(0).traceId(), "B joins A's trace");
        assertEquals(firstRoot.spanId(), spans.get(0).parentSpanId());
        assertNotEquals(firstRoot.traceId(), secondRoot.traceId(), "each outside call is a trace of its own");
    }

    @Test
    void aMemberWithoutATracerPassesTheContextOnUnchanged() {
        final InJvmNetwork network = new InJvmNetwork();
        final List<RecordingTracer.Span> spans = RecordingTracer.newSpanList();
        final RecordingTracer tracer0 = new RecordingTracer(0, spans);
        final GrainMember m0 = member(network, tracer0);
        member(network, null);
        final String a = chainKeyOn(0, List.of());
        final String b = chainKeyOn(1, List.of(a));
        final String c = chainKeyOn(0, List.of(a, b));

        tracer0.outside.parseTraceparent(ROOT);
        Await.result(m0.grains().get(Chain.class, a).relay(List.of(b, c)));

        final Map<String, RecordingTracer.Span> hop = byGrain(spans);
        assertEquals(2, spans.size(), "member 1 makes no span: " + spans);
        assertEquals(hop.get(a).traceId(), hop.get(c).traceId());
        assertEquals(hop.get(a).spanId(), hop.get(c).parentSpanId(), "C's parent is A: B passed A's context on");
    }

    @Test
    void aFailedTurnEndsItsSpanAsFailed() {
        final InJvmNetwork network = new InJvmNetwork();
        final List<RecordingTracer.Span> spans = RecordingTracer.newSpanList();
        final GrainMember m0 = member(network, new RecordingTracer(0, spans));
        final Exception e = Await.failure(m0.grains().get(Counter.class, "x").fail("broken"), Exception.class);
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertEquals(1, spans.size());
        assertTrue(spans.get(0).failed());
        assertEquals("fail", spans.get(0).method());
    }
}
