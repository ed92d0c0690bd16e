package io.grain.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemberCountersTest {
    @Test
    void readersSumEveryShardsSlot() {
        final MemberCounters counters = new MemberCounters(3);
        counters.increment(0, MemberCounters.CALLS);
        counters.increment(2, MemberCounters.CALLS);
        counters.increment(2, MemberCounters.CALLS);
        counters.increment(1, MemberCounters.CALL_ERRORS);
        counters.increment(1, MemberCounters.ACTIVATIONS);
        counters.increment(1, MemberCounters.ACTIVATIONS);
        counters.decrement(1, MemberCounters.ACTIVATIONS);
        counters.increment(0, MemberCounters.REMINDER_TICKS);
        counters.increment(2, MemberCounters.REMINDER_TICKS);
        counters.increment(2, MemberCounters.REMINDER_FAILURES);
        assertEquals(3, counters.calls());
        assertEquals(1, counters.callErrors());
        assertEquals(1, counters.activations());
        assertEquals(2, counters.reminderTicks());
        assertEquals(1, counters.reminderFailures());
        counters.increment(1, MemberCounters.RESTARTS);
        counters.increment(0, MemberCounters.ACTIVATION_FAILURES);
        counters.increment(1, MemberCounters.ACTIVATION_FAILURES);
        counters.increment(2, MemberCounters.BACKOFF_REJECTIONS);
        assertEquals(1, counters.restarts());
        assertEquals(2, counters.activationFailures());
        assertEquals(1, counters.backOffRejections());
        assertEquals("MemberCounters{calls=3, callErrors=1, activations=1, reminderTicks=2, reminderFailures=1, restarts=1,"
            + " activationFailures=2, backOffRejections=1}", counters.toString());
    }

    @Test
    void shardWritersOnTheirOwnThreadsAreAllCounted() throws InterruptedException {
        final MemberCounters counters = new MemberCounters(4);
        final Thread[] writers = new Thread[4];
        for (int s = 0; s < writers.length; s++) {
            final int shard = s;
            writers[s] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    counters.increment(shard, MemberCounters.CALLS);
                }
            });
            writers[s].start();
        }
        for (final Thread writer : writers) {
            writer.join();
        }
        assertEquals(400_000, counters.calls());
    }

    @Test
    void aMemberHasAtLeastOneShard() {
        assertThrows(IllegalArgumentException.class, () -> new MemberCounters(0));
    }
}
