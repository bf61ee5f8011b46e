package org.ttsaudit.inference.batch;

import java.io.Serializable;

/**
 * How requests are grouped: a batch is run when it holds {@code maxBatchSize} requests or when its
 * oldest request has waited {@code maxQueueDelayMs}, whichever comes first. {@code capacity} bounds
 * the requests in flight per subtask (Flink back-pressures the source beyond it);
 * {@code timeoutMs} is the most a request may take before it ends as a failed result.
 */
public final class BatchOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int maxBatchSize;
    public final long maxQueueDelayMs;
    public final int capacity;
    public final long timeoutMs;
    public final boolean ordered;

    public BatchOptions(int maxBatchSize, long maxQueueDelayMs, int capacity, long timeoutMs, boolean ordered) {
        require(maxBatchSize >= 1, "max batch size must be >= 1, got " + maxBatchSize);
        require(maxQueueDelayMs >= 0, "max queue delay must be >= 0 ms, got " + maxQueueDelayMs);
        require(capacity >= maxBatchSize, "capacity (" + capacity + ") must be >= max batch size (" + maxBatchSize + ")");
        require(timeoutMs > 0, "timeout must be > 0 ms, got " + timeoutMs);
        this.maxBatchSize = maxBatchSize;
        this.maxQueueDelayMs = maxQueueDelayMs;
        this.capacity = capacity;
        this.timeoutMs = timeoutMs;
        this.ordered = ordered;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
