package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.TraceContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tracer that keeps the spans it ended, with its member's id: the runtime's side of tracing seen
 * without a tracing library. New span ids count up; a span without a parent starts a trace whose
 * id is made from the member and the span id.
 */
final class RecordingTracer implements CallTracer {
    /** One ended span. */
    record Span(int member, String grain, String method, String traceId, long spanId, long parentSpanId, boolean failed) {
    }

    private static final AtomicLong SPAN_IDS = new AtomicLong(1000);

    private final int member;
    private final List<Span> spans;
    /** What an outside caller's thread has as its current trace; invalid: none. */
    final TraceContext outside = new TraceContext();

    RecordingTracer(final int member, final List<Span> spans) {
        this.member = member;
        this.spans = spans;
    }

    static List<Span> newSpanList() {
        return new CopyOnWriteArrayList<>();
    }

    @Override
    public boolean currentTrace(final TraceContext into) {
        if (!outside.isValid()) {
            return false;
        }
        into.copyFrom(outside);
        return true;
    }

    @Override
    public Object startTurn(final GrainId grain, final GrainMethod method, final TraceContext parent, final TraceContext span) {
        final long id = SPAN_IDS.incrementAndGet();
        if (parent.isValid()) {
            span.set(parent.traceIdHigh(), parent.traceIdLow(), id, parent.flags());
        } else {
            span.set(member + 1, id, id, TraceContext.SAMPLED);
        }
        return new Object[] {grain.keyAsString(), method.name(), span.traceIdHex(), id, parent.isValid() ? parent.spanId() : 0L};
    }

    @Override
    public void endTurn(final Object handle, final Throwable error) {
        final Object[] h = (Object[])handle;
        spans.add(new Span(member, (String)h[0], (String)h[1], (String)h[2], (Long)h[3], (Long)h[4], error != null));
    }
}
