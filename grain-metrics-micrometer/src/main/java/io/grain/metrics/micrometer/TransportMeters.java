package io.grain.metrics.micrometer;

import io.grain.transport.aeron.TransportCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Aeron transport's {@link TransportCounters} as Micrometer meters, read at scrape time (the
 * counters stay where AeronStat sees them): {@code grain.transport.messages.sent},
 * {@code grain.transport.back.pressure.events}, ... (docs/OPERATIONS.md). The counters that mirror
 * the runtime's {@code MemberCounters} are left out: {@link GrainMeters} has them.
 *
 * <p>Thread safety: call {@link #bind} once per transport, from any thread.
 */
public final class TransportMeters {
    /** Prefix of every transport meter. */
    public static final String PREFIX = "grain.transport.";

    /** The transport's copies of the runtime's counters. */
    static final Set<TransportCounters.Id> RUNTIME_COPIES = EnumSet.of(TransportCounters.Id.CALLS, TransportCounters.Id.CALL_ERRORS,
        TransportCounters.Id.ACTIVATIONS, TransportCounters.Id.REMINDER_TICKS, TransportCounters.Id.REMINDER_FAILURES,
        TransportCounters.Id.RESTARTS, TransportCounters.Id.ACTIVATION_FAILURES, TransportCounters.Id.BACKOFF_REJECTIONS);
    /** Counters that go up and down. */
    static final Set<TransportCounters.Id> GAUGES = EnumSet.of(TransportCounters.Id.VIEW_VERSION, TransportCounters.Id.LIVE_MEMBERS);

    private TransportMeters() {
    }

    /** Registers a meter for each of the transport's own counters of member {@code memberId}. */
    public static void bind(final MeterRegistry registry, final TransportCounters counters, final int memberId) {
        final Tags tags = Tags.of("member", Integer.toString(memberId));
        for (final TransportCounters.Id id : TransportCounters.Id.values()) {
            if (RUNTIME_COPIES.contains(id)) {
                continue;
            }
            final AtomicCounter counter = counters.get(id);
            final String name = meterName(id);
            if (GAUGES.contains(id)) {
                Gauge.builder(name, counter, AtomicCounter::get).tags(tags).description(id.label()).strongReference(true).register(registry);
            } else {
                FunctionCounter.builder(name, counter, AtomicCounter::get).tags(tags).description(id.label()).register(registry);
            }
        }
    }

    /** {@code MESSAGES_SENT} becomes {@code grain.transport.messages.sent}. */
    static String meterName(final TransportCounters.Id id) {
        return PREFIX + id.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
