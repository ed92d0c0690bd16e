package io.grain.runtime.topic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A producer for high-rate publishers (Proto.Cluster's {@code BatchingProducer}): {@link #produce}
 * queues a message and returns at once; one batch at a time is in flight to the topic, holding every
 * message queued since the last one left (up to {@link BatchingOptions#batchSize()}). A message's
 * future completes when its batch reached every member with subscribers.
 *
 * <p>Error policy: a batch that fails (a member did not take it: {@link TopicDeliveryException};
 * the topic's member died or the call timed out) is sent again, whole, up to
 * {@link BatchingOptions#maxAttempts()} attempts in all; then its messages' futures fail, each with
 * its own {@link TopicPublishException} whose cause is the last attempt's; the batch is counted in
 * {@link #failedBatches()}, and the next batch goes. With one attempt
 * (the default) delivery is at most once; with more, a member that took a failed attempt may get
 * the batch again (at least once). A full producer ({@link BatchingOptions#maxQueued()} messages)
 * fails {@code produce} at once with {@link IllegalStateException}; after {@link #close()} too.
 *
 * <p>Order: batches leave one after another and a retried batch goes before the next, so the
 * messages of one producer reach each subscriber in the order they were produced.
 *
 * <p>Thread ownership: thread safe. From grain code the futures complete on the activation's
 * thread; otherwise on the member's callback executor.
 */
public final class BatchingProducer<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingProducer.class);

    private final Topic<T> topic;
    private final BatchingOptions options;
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closed;
    private long batchesSent;
    private long failedBatches;
    private long retries;

    BatchingProducer(final Topic<T> topic, final BatchingOptions options) {
        this.topic = topic;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Queues {@code message}; the future completes when its batch was delivered, or fails per the error policy. */
    public CompletableFuture<Void> produce(final T message) {
        Objects.requireNonNull(message, "message");
        final Pending<T> pending = new Pending<>(message);
        final List<Pending<T>> batch;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the batching producer of topic '"
                    + topic.name() + "' is closed"));
            }
            if (queue.size() >= options.maxQueued()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the batching producer of topic '"
                    + topic.name() + "' holds " + queue.size() + " messages, its maxQueued; wait for earlier futures"));
            }
            queue.add(pending);
            batch = inFlight ? null : takeBatch();
        }
        if (batch != null) {
            send(batch, 1);
        }
        return pending.future;
    }

    /** Takes no more messages; those queued still go. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Batches sent and acknowledged or given up (retries not counted). */
    public synchronized long batchesSent() {
        return batchesSent;
    }

    /** Batches given up after {@link BatchingOptions#maxAttempts()}. */
    public synchronized long failedBatches() {
        return failedBatches;
    }

    /** Attempts beyond each batch's first. */
    public synchronized long retries() {
        return retries;
    }

    /** Messages waiting for a batch (not counting the one in flight). */
    public synchronized int queued() {
        return queue.size();
    }

    /** Under the lock: the next batch, marking one in flight; null when nothing is queued. */
    private List<Pending<T>> takeBatch() {
        if (queue.isEmpty()) {
            inFlight = false;
            return null;
        }
        final int n = Math.min(queue.size(), options.batchSize());
        final List<Pending<T>> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(queue.poll());
        }
        inFlight = true;
        return batch;
    }

    private void send(final List<Pending<T>> batch, final int attempt) {
        final List<T> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            messages.add(batch.get(i).message);
        }
        CompletableFuture<Void> sent;
        try {
            sent = topic.publishAll(messages);
        } catch (final RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, error) -> onSent(batch, attempt, error));
    }

    private void onSent(final List<Pending<T>> batch, final int attempt, final Throwable error) {
        if (error != null && attempt < options.maxAttempts()) {
            synchronized (this) {
                retries++;
            }
            LOG.debug("topic '{}': batch of {} failed on attempt {}, sending it again", topic.name(), batch.size(), attempt, error);
            send(batch, attempt + 1);
            return;
        }
        final List<Pending<T>> next;
        synchronized (this) {
            batchesSent++;
            if (error != null) {
                failedBatches++;
            }
            next = takeBatch();
        }
        if (error != null) {
            LOG.warn("topic '{}': batch of {} failed after {} attempts; failing its messages", topic.name(), batch.size(), attempt,
                error);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (error == null) {
                batch.get(i).future.complete(null);
            } else {
                // each message's future gets its own exception; the cause is the batch's
                batch.get(i).future.completeExceptionally(new TopicPublishException("topic '" + topic.name()
                    + "': the batch of this message failed after " + attempt + (attempt == 1 ? " attempt" : " attempts"), error));
            }
        }
        if (next != null) {
            send(next, 1);
        }
    }

    private static final class Pending<T> {
        final T message;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Pending(final T message) {
            this.message = message;
        }
    }
}
