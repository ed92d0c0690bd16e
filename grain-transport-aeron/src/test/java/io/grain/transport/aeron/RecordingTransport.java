package io.grain.transport.aeron;

import io.grain.runtime.IdleProfile;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.membership.Membership;
import io.grain.runtime.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * An {@link AeronTransport} as a member sees it, recording how received messages reach the member:
 * how many it polled (shard 0's way) and on which threads the transport handed messages to the
 * member's receiver (the direct way). Everything else goes to the transport as it is.
 */
final class RecordingTransport implements Transport {
    final AeronTransport inner;
    final AtomicLong polled = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final Set<Thread> receivingThreads = ConcurrentHashMap.newKeySet();

    RecordingTransport(final AeronTransport inner) {
        this.inner = inner;
    }

    @Override
    public int memberId() {
        return inner.memberId();
    }

    @Override
    public Membership membership() {
        return inner.membership();
    }

    @Override
    public boolean hostsGrains() {
        return inner.hostsGrains();
    }

    @Override
    public int send(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
        return inner.send(memberId, buffer, offset, length);
    }

    @Override
    public int poll(final MessageHandler handler, final int limit) {
        final int count = inner.poll(handler, limit);
        polled.addAndGet(count);
        return count;
    }

    @Override
    public boolean deliverTo(final MessageReceiver receiver) {
        return inner.deliverTo((buffer, offset, length) -> {
            receivingThreads.add(Thread.currentThread());
            final boolean taken = receiver.onMessage(buffer, offset, length);
            if (taken) {
                received.incrementAndGet();
            }
            return taken;
        });
    }

    @Override
    public Agent takeDutyCycle() {
        return inner.takeDutyCycle();
    }

    @Override
    public void idleProfile(final IdleProfile profile, final BooleanSupplier callsOutstanding) {
        inner.idleProfile(profile, callsOutstanding);
    }

    @Override
    public void runtimeCounters(final MemberCounters counters) {
        inner.runtimeCounters(counters);
    }

    @Override
    public void close() {
        inner.close();
    }
}
