package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's counters, allocated in its media driver's counters file so that AeronStat shows them
 * (type ids {@link Id#typeId()}, labels {@code "grain member <id>: <what>"}), and readable in
 * process through {@link #get} and {@link #snapshot()}. The transport drives its own counters;
 * {@link Id#CALLS}, {@link Id#CALL_ERRORS}, {@link Id#ACTIVATIONS} and the five from
 * {@link Id#REMINDER_TICKS} on are the runtime's {@code MemberCounters}, which the transport
 * thread copies here on every duty cycle.
 *
 * <p>Thread safety: counters are atomic; any thread may read them and increment them with
 * {@link AtomicCounter#increment()}.
 */
public final class TransportCounters implements AutoCloseable {
    /** The counters; type ids start at {@link #TYPE_ID_BASE}. */
    public enum Id {
        MESSAGES_SENT("messages sent"),
        MESSAGES_RECEIVED("messages received"),
        BYTES_SENT("bytes sent"),
        BYTES_RECEIVED("bytes received"),
        BACK_PRESSURE_EVENTS("back-pressure events"),
        SEND_FAILURES("sends failed (not connected, closed, dropped)"),
        MALFORMED_FRAMES("malformed frames dropped"),
        VIEW_VERSION("membership view version"),
        LIVE_MEMBERS("live hosting members"),
        MEMBERS_DECLARED_DEAD("members declared dead"),
        CALLS("calls"),
        CALL_ERRORS("call errors"),
        ACTIVATIONS("activations"),
        FRAMES_UNAUTHENTICATED("frames failing authentication"),
        RECORDS_REFUSED("membership records refused"),
        DUTY_CYCLE_FAILURES("duty cycle failures"),
        REMINDER_TICKS("reminder ticks"),
        REMINDER_FAILURES("reminder ticks failed"),
        RESTARTS("activations restarted by supervision"),
        ACTIVATION_FAILURES("activations failed"),
        BACKOFF_REJECTIONS("calls refused by activation back-off"),
        PARTIAL_MESSAGES_DROPPED("chunked messages dropped incomplete");

        private final String label;

        Id(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The AeronStat type id of this counter. */
        public int typeId() {
            return TYPE_ID_BASE + ordinal();
        }
    }

    /** First type id of Grain's counters (Aeron's own are far below). */
    public static final int TYPE_ID_BASE = 4_752_000;

    private final EnumMap<Id, AtomicCounter> counters = new EnumMap<>(Id.class);

    /** Allocates every counter; call on the thread that owns {@code aeron} at the time. */
    TransportCounters(final Aeron aeron, final int memberId) {
        try {
            for (final Id id : Id.values()) {
                counters.put(id, aeron.addCounter(id.typeId(), "grain member " + memberId + ": " + id.label()));
            }
        } catch (final RuntimeException ex) {
            close();
            throw ex;
        }
    }

    public AtomicCounter get(final Id id) {
        return counters.get(id);
    }

    /** Every counter's label and value, in {@link Id} order. */
    public Map<String, Long> snapshot() {
        final Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((id, counter) -> values.put(id.label(), counter.get()));
        return values;
    }

    @Override
    public void close() {
        counters.values().forEach(c -> CloseHelper.quietClose((Counter)c));
    }
}
