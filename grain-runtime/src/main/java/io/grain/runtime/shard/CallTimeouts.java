package io.grain.runtime.shard;

import java.util.Arrays;

/**
 * The timeouts of a shard's pending calls, without a timer per call: one FIFO per distinct timeout
 * (the member's default and each {@code @Timeout} in use, a handful per shard). A call registered
 * later with the same timeout has a deadline no earlier than those before it, so each FIFO is in
 * deadline order and only its head can be due. Registering appends to a FIFO, a reply unlinks its
 * call (a doubly linked list through {@link PendingCall}, so neither allocates nor hashes), and
 * each duty cycle expires the due heads.
 *
 * <p>The shard's clock is the wall clock by default and may step back; a call's deadline is then
 * raised to the one before it in its FIFO, so the FIFO stays ordered and the call expires no later
 * than a timer wheel would fire it (when the clock passes the earlier call's deadline).
 *
 * <p>Thread ownership: the shard's thread; {@link #nextDeadline()} also from the thread driving the
 * shard while it is not running (TestCluster).
 */
final class CallTimeouts {
    /** The calls with one timeout, oldest (earliest deadline) first. */
    static final class Fifo {
        final long timeoutMillis;
        PendingCall head;
        PendingCall tail;

        Fifo(final long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }
    }

    /** Receives a call whose deadline passed, already unlinked. */
    interface Expiry {
        void onTimeout(PendingCall call);
    }

    private Fifo[] fifos = new Fifo[4];
    private int fifoCount;
    /** The FIFO of the last call added: calls in a row mostly share their timeout. */
    private Fifo last;

    /** Appends {@code call} to the FIFO of {@code timeoutMillis}, due at {@code now + timeoutMillis}. */
    void add(final PendingCall call, final long timeoutMillis, final long now) {
        Fifo fifo = last;
        if (fifo == null || fifo.timeoutMillis != timeoutMillis) {
            fifo = fifo(timeoutMillis);
            last = fifo;
        }
        final PendingCall tail = fifo.tail;
        final long deadline = now + timeoutMillis;
        call.fifo = fifo;
        call.next = null;
        call.previous = tail;
        if (tail == null) {
            call.deadline = deadline;
            fifo.head = call;
        } else {
            call.deadline = Math.max(deadline, tail.deadline);
            tail.next = call;
        }
        fifo.tail = call;
    }

    /** Forgets {@code call}'s timeout (its reply came, or it failed otherwise); no-op if not added. */
    void remove(final PendingCall call) {
        final Fifo fifo = call.fifo;
        if (fifo == null) {
            return;
        }
        final PendingCall previous = call.previous;
        final PendingCall next = call.next;
        if (previous == null) {
            fifo.head = next;
        } else {
            previous.next = next;
        }
        if (next == null) {
            fifo.tail = previous;
        } else {
            next.previous = previous;
        }
        call.fifo = null;
        call.previous = null;
        call.next = null;
    }

    /**
     * Hands every call due at {@code now} (deadline {@code <= now}) to {@code expiry}, at most
     * {@code limit} of them; returns how many. {@code expiry} may add and remove calls.
     */
    int expire(final long now, final Expiry expiry, final int limit) {
        int expired = 0;
        for (int i = 0; i < fifoCount && expired < limit; i++) {
            final Fifo fifo = fifos[i];
            PendingCall head;
            while (expired < limit && (head = fifo.head) != null && head.deadline <= now) {
                remove(head);
                expired++;
                expiry.onTimeout(head);
            }
        }
        return expired;
    }

    /** The earliest deadline of any call, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < fifoCount; i++) {
            final PendingCall head = fifos[i].head;
            if (head != null && head.deadline < min) {
                min = head.deadline;
            }
        }
        return min;
    }

    /** Forgets every call, as the shard stops (their futures are failed by the caller). */
    void clear() {
        for (int i = 0; i < fifoCount; i++) {
            fifos[i].head = null;
            fifos[i].tail = null;
        }
    }

    private Fifo fifo(final long timeoutMillis) {
        for (int i = 0; i < fifoCount; i++) {
            if (fifos[i].timeoutMillis == timeoutMillis) {
                return fifos[i];
            }
        }
        if (fifoCount == fifos.length) {
            fifos = Arrays.copyOf(fifos, fifoCount * 2);
        }
        final Fifo fifo = new Fifo(timeoutMillis);
        fifos[fifoCount++] = fifo;
        return fifo;
    }
}
