package io.grain.runtime.observe;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.GrainMethod;

/**
 * Where a member's traces go: the runtime carries the W3C trace context in every request's envelope
 * (docs/OPERATIONS.md, "Traces") and asks the tracer for a span per request a grain serves, so that
 * a call chain across members is one trace, each hop a child of its caller's span. An adapter binds
 * it to a tracing library (e.g. {@code io.grain.tracing.opentelemetry.OpenTelemetryTracer}).
 *
 * <p>Without a tracer the runtime still passes the trace context of a request on to the calls its
 * turn makes, unchanged, so members with a tracer further down the chain still join the trace.
 *
 * <p>Thread ownership: {@link #startTurn} and {@link #endTurn} run on the shard thread of the
 * grain; {@link #currentTrace} on the thread of an outside caller. Implementations are thread safe.
 */
public interface CallTracer {
    /**
     * An outside thread (not grain code) begins a call: fill {@code into} with the trace context of
     * the calling thread (its current span becomes the callee's parent) and return true, or return
     * false to send the call without one.
     */
    boolean currentTrace(TraceContext into);

    /**
     * A request starts its turn on {@code grain}: start its span, a child of {@code parent} when
     * that is valid (else a new trace's root), and write the span's own context into {@code span};
     * the calls the turn makes carry it. Leaving {@code span} invalid sends them without a trace.
     *
     * @return what {@link #endTurn} needs to end the span (e.g. the span itself), or null.
     */
    Object startTurn(GrainId grain, GrainMethod method, TraceContext parent, TraceContext span);

    /**
     * The turn {@link #startTurn} began has ended (its future completed).
     *
     * @param handle what {@link #startTurn} returned.
     * @param error  the turn's failure, or null.
     */
    void endTurn(Object handle, Throwable error);
}
