package io.grain.tracing.opentelemetry;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.Objects;

/**
 * Grain's traces on OpenTelemetry: a {@link SpanKind#SERVER} span for every request a grain serves,
 * named {@code <kind>/<method>} (OpenTelemetry's RPC convention), a child of the caller's span,
 * whose context the runtime carried in the envelope from the calling member. A call from an
 * outside thread joins the thread's current span ({@link Span#current()}). So a call chain grain A
 * -> B -> C across members is one trace, each hop a child of the one before.
 *
 * <pre>{@code
 * GrainMember.builder().tracer(new OpenTelemetryTracer(openTelemetry))...
 * }</pre>
 *
 * <p>Attributes: {@code rpc.system = "grain"},
 * {@code rpc.method}, {@code grain.kind}, {@code grain.key}. A failed turn records its exception
 * and the status {@link StatusCode#ERROR}. The span is not made current on the shard thread while
 * grain code runs: grain code that starts spans of its own should parent them explicitly.
 *
 * <p>Thread safety: thread safe (OpenTelemetry's tracers are).
 */
public final class OpenTelemetryTracer implements CallTracer {
    /** The instrumentation scope name of Grain's spans. */
    public static final String INSTRUMENTATION_SCOPE = "io.grain.runtime";
    /** Value of {@code rpc.system}. */
    public static final String RPC_SYSTEM = "grain";

    private final Tracer tracer;

    /** Spans through {@code openTelemetry}'s tracer of scope {@link #INSTRUMENTATION_SCOPE}. */
    public OpenTelemetryTracer(final OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION_SCOPE));
    }

    /** Spans through {@code tracer}. */
    public OpenTelemetryTracer(final Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    @Override
    public boolean currentTrace(final TraceContext into) {
        final SpanContext current = Span.current().getSpanContext();
        if (!current.isValid()) {
            return false;
        }
        copy(current, into);
        return true;
    }

    @Override
    public Object startTurn(final GrainId grain, final GrainMethod method, final TraceContext parent, final TraceContext span) {
        final SpanBuilder builder = tracer.spanBuilder(grain.kind() + "/" + method.name())
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("rpc.system", RPC_SYSTEM)
            .setAttribute("rpc.method", method.name())
            .setAttribute("grain.kind", grain.kind())
            .setAttribute("grain.key", grain.keyAsString());
        if (parent.isValid()) {
            builder.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceIdHex(), parent.spanIdHex(),
                TraceFlags.fromByte(parent.flags()), TraceState.getDefault()))));
        } else {
            builder.setNoParent();
        }
        final Span started = builder.startSpan();
        final SpanContext context = started.getSpanContext();
        if (context.isValid()) {
            copy(context, span);
        } else {
            // a no-op tracer: pass the caller's context on as it came
            span.copyFrom(parent);
        }
        return started;
    }

    @Override
    public void endTurn(final Object handle, final Throwable error) {
        final Span span = (Span)handle;
        if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getClass().getName());
        }
        span.end();
    }

    private static void copy(final SpanContext from, final TraceContext into) {
        final String traceId = from.getTraceId();
        into.set(Long.parseUnsignedLong(traceId, 0, 16, 16), Long.parseUnsignedLong(traceId, 16, 32, 16),
            Long.parseUnsignedLong(from.getSpanId(), 0, 16, 16), from.getTraceFlags().asByte());
    }

    @Override
    public String toString() {
        return "OpenTelemetryTracer{" + tracer + "}";
    }
}
