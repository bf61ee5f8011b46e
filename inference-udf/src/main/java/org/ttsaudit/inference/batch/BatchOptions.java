package org.ttsaudit.inference.batch;

import java.io.Serializable;

/**
 * How requests are grouped and guarded. A batch runs when it holds {@code maxBatchSize} requests
 * or when its oldest request has waited {@code maxQueueDelayMs}. {@code capacity} bounds the
 * requests in flight per subtask (Flink back-pressures the source beyond it); {@code timeoutMs}
 * is the most a request may take before it ends as a failed result. A batch that fails with an
 * error the handler calls retryable is retried up to {@code maxRetries} times with exponential
 * backoff; {@code breakerThreshold} failed batches in a row open the circuit for
 * {@code breakerCooldownMs}, during which requests fail fast instead of queueing behind a broken
 * model.
 */
public final class BatchOptions implements Serializable {
    private static final long serialVersionUID = 2L;

    public final int maxBatchSize;
    public final long maxQueueDelayMs;
    public final int capacity;
    public final long timeoutMs;
    public final boolean ordered;
    public final int maxRetries;
    public final long retryBackoffMs;
    public final int breakerThreshold;
    public final long breakerCooldownMs;

    private BatchOptions(Builder b) {
        require(b.maxBatchSize >= 1, "max batch size must be >= 1, got " + b.maxBatchSize);
        require(b.maxQueueDelayMs >= 0, "max queue delay must be >= 0 ms, got " + b.maxQueueDelayMs);
        require(b.capacity >= b.maxBatchSize, "capacity (" + b.capacity + ") must be >= max batch size (" + b.maxBatchSize + ")");
        require(b.timeoutMs > 0, "timeout must be > 0 ms, got " + b.timeoutMs);
        require(b.maxRetries >= 0, "max retries must be >= 0, got " + b.maxRetries);
        require(b.retryBackoffMs >= 0, "retry backoff must be >= 0 ms, got " + b.retryBackoffMs);
        require(b.breakerThreshold >= 1, "breaker threshold must be >= 1, got " + b.breakerThreshold);
        require(b.breakerCooldownMs >= 0, "breaker cool-down must be >= 0 ms, got " + b.breakerCooldownMs);
        this.maxBatchSize = b.maxBatchSize;
        this.maxQueueDelayMs = b.maxQueueDelayMs;
        this.capacity = b.capacity;
        this.timeoutMs = b.timeoutMs;
        this.ordered = b.ordered;
        this.maxRetries = b.maxRetries;
        this.retryBackoffMs = b.retryBackoffMs;
        this.breakerThreshold = b.breakerThreshold;
        this.breakerCooldownMs = b.breakerCooldownMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults suit a GPU model serving a few hundred requests a second. */
    public static final class Builder {
        private int maxBatchSize = 16;
        private long maxQueueDelayMs = 20;
        private int capacity = 64;
        private long timeoutMs = 60_000;
        private boolean ordered;
        private int maxRetries = 2;
        private long retryBackoffMs = 50;
        private int breakerThreshold = 5;
        private long breakerCooldownMs = 10_000;

        public Builder maxBatchSize(int v) { maxBatchSize = v; return this; }
        public Builder maxQueueDelayMs(long v) { maxQueueDelayMs = v; return this; }
        public Builder capacity(int v) { capacity = v; return this; }
        public Builder timeoutMs(long v) { timeoutMs = v; return this; }
        public Builder ordered(boolean v) { ordered = v; return this; }
        public Builder maxRetries(int v) { maxRetries = v; return this; }
        public Builder retryBackoffMs(long v) { retryBackoffMs = v; return this; }
        public Builder breakerThreshold(int v) { breakerThreshold = v; return this; }
        public Builder breakerCooldownMs(long v) { breakerCooldownMs = v; return this; }

        public BatchOptions build() {
            return new BatchOptions(this);
        }
    }
}
