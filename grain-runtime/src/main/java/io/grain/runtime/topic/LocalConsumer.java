package io.grain.runtime.topic;

import io.grain.runtime.wire.ProtoReader;
import io.grain.storage.StoredType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An outside consumer of a topic on this member: a callback that runs on the member's callback
 * executor, one message after another in delivery order (a serial queue: at most one task of this
 * consumer runs at a time). The inbox decodes each message on its shard and hands it over without
 * waiting for the callback.
 *
 * <p>Error policy: a callback that throws is logged and counted ({@link #failures()}); the message
 * is dropped for this consumer and the next one is delivered. A consumer that falls more than
 * {@link Topics#CONSUMER_QUEUE_CAPACITY} messages behind has the newest dropped and counted
 * ({@link #dropped()}) rather than holding the member's memory.
 *
 * <p>Thread ownership: {@link #offer} on the inbox's shard thread, the callback on the callback
 * executor; the queue is guarded by this object's lock; the counters are readable from any thread.
 */
final class LocalConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalConsumer.class);

    final String topic;
    final Subscriber subscriber;
    private final StoredType<T> codec;
    private final Consumer<? super T> callback;
    private final Executor executor;
    private final int capacity;
    private final ProtoReader reader = new ProtoReader();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean draining;
    private volatile boolean closed;

    LocalConsumer(final String topic, final Subscriber subscriber, final StoredType<T> codec, final Consumer<? super T> callback,
        final Executor executor, final int capacity) {
        this.topic = topic;
        this.subscriber = subscriber;
        this.codec = codec;
        this.callback = callback;
        this.executor = executor;
        this.capacity = capacity;
    }

    /** Decodes the {@code count} messages at {@code offsets}/{@code lengths} of {@code batch} and queues them. */
    void offer(final byte[] batch, final int[] offsets, final int[] lengths, final int count) {
        if (closed || count == 0) {
            return;
        }
        boolean start = false;
        for (int i = 0; i < count; i++) {
            final T message;
            try {
                reader.wrap(batch, offsets[i], lengths[i]);
                message = codec.read(reader);
            } catch (final RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("topic '{}': a message does not decode as {}; dropped for {}", topic, codec.type().getName(), subscriber, e);
                continue;
            }
            synchronized (this) {
                if (queue.size() >= capacity) {
                    dropped.incrementAndGet();
                    continue;
                }
                queue.add(message);
                if (!draining) {
                    draining = true;
                    start = true;
                }
            }
        }
        if (start) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            final T message;
            synchronized (this) {
                message = queue.poll();
                if (message == null) {
                    draining = false;
                    return;
                }
            }
            if (closed) {
                continue;
            }
            try {
                callback.accept(message);
                delivered.incrementAndGet();
            } catch (final RuntimeException | Error e) {
                failures.incrementAndGet();
                LOG.warn("topic '{}': consumer {} failed on a message; it is dropped for this consumer", topic, subscriber, e);
            }
        }
    }

    void close() {
        closed = true;
    }

    long delivered() {
        return delivered.get();
    }

    long failures() {
        return failures.get();
    }

    long dropped() {
        return dropped.get();
    }
}
