package io.grain.runtime.topic;

/**
 * Settings of a {@link BatchingProducer}; immutable, each {@code with} returns a copy.
 *
 * <pre>{@code
 * BatchingOptions.DEFAULT.batchSize(500).maxQueued(50_000).maxAttempts(3)
 * }</pre>
 */
public final class BatchingOptions {
    /** Messages per batch unless set: {@value}. */
    public static final int DEFAULT_BATCH_SIZE = 2_000;
    /** Messages a producer may hold (queued and in flight) unless set: {@value}. */
    public static final int DEFAULT_MAX_QUEUED = 100_000;
    /** Attempts per batch unless set: {@value} (a failed batch fails its messages' futures). */
    public static final int DEFAULT_MAX_ATTEMPTS = 1;

    /** The defaults above. */
    public static final BatchingOptions DEFAULT = new BatchingOptions(DEFAULT_BATCH_SIZE, DEFAULT_MAX_QUEUED, DEFAULT_MAX_ATTEMPTS);

    private final int batchSize;
    private final int maxQueued;
    private final int maxAttempts;

    private BatchingOptions(final int batchSize, final int maxQueued, final int maxAttempts) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        if (maxQueued < batchSize) {
            throw new IllegalArgumentException("maxQueued (" + maxQueued + ") must be at least batchSize (" + batchSize + ")");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.batchSize = batchSize;
        this.maxQueued = maxQueued;
        this.maxAttempts = maxAttempts;
    }

    /** Most messages one batch carries. */
    public BatchingOptions batchSize(final int size) {
        return new BatchingOptions(size, Math.max(maxQueued, size), maxAttempts);
    }

    /** Most messages the producer holds; beyond it {@code produce} fails at once. */
    public BatchingOptions maxQueued(final int max) {
        return new BatchingOptions(batchSize, max, maxAttempts);
    }

    /**
     * How often a failed batch is sent (the first time included) before its messages' futures fail.
     * More than 1 makes delivery at-least-once: members that took a failed attempt get the batch again.
     */
    public BatchingOptions maxAttempts(final int attempts) {
        return new BatchingOptions(batchSize, maxQueued, attempts);
    }

    public int batchSize() {
        return batchSize;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "BatchingOptions{batchSize=" + batchSize + ", maxQueued=" + maxQueued + ", maxAttempts=" + maxAttempts + "}";
    }
}
