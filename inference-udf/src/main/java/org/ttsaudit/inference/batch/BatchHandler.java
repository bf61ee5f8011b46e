package org.ttsaudit.inference.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.metrics.MetricGroup;

/**
 * The work done on one micro-batch, on the batcher's worker thread. Implementations hold the
 * sessions and caches; they are created in {@code open()} and closed in {@code close()} of the
 * operator, never serialized.
 */
public interface BatchHandler<IN, OUT> extends AutoCloseable {

    /**
     * Work on one request before it may join a batch, such as fetching and decoding what it refers
     * to, done on the handler's own threads so that a slow request does not hold up the model for
     * the others. Completes with null when the request is ready to be batched, or with its final
     * output when it ends here (a rejection); completing exceptionally makes it {@link #failed}.
     * Called on the operator's task thread, so it must return at once. The default admits at once.
     */
    default CompletableFuture<OUT> admit(IN input) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Runs the model on the batch and returns exactly one output per input, in the same order.
     * Per-request problems become outputs. An output may still be finishing when this returns
     * (encoding, storing, on the handler's own threads): the worker takes the next batch at once,
     * so the model is not idle while the last batch's outputs are finished. Throwing fails the whole
     * batch (retried when {@link #retryable}); an output that completes exceptionally becomes
     * {@link #failed} for its own request only.
     */
    List<CompletableFuture<OUT>> handle(Batch<IN> batch) throws Exception;

    /**
     * Whether requests of batches already handled still wait for the model: a handler that spreads
     * long requests over several model calls, one call per {@link #handle}, so that a request that
     * arrives meanwhile waits for one call at most. While true, the worker calls {@link #handle}
     * with an empty batch whenever no request is waiting. Called on the worker thread.
     */
    default boolean hasUnfinishedWork() {
        return false;
    }

    /** The output for a request that did not finish within the operator's timeout. */
    OUT timedOut(IN input, long timeoutMs);

    /** The output for a request whose batch threw. */
    OUT failed(IN input, Throwable error);

    /**
     * A relative cost of one request (e.g. its expected output length), read when it is queued so
     * that a batch groups requests of similar cost ({@link CostGrouping}) and pads less. Must be
     * cheap and must not throw; equal values for all (the default) keep batches in arrival order.
     */
    default double cost(IN input) {
        return 0;
    }

    /** The device the handler runs on, for metrics ("cpu", "cuda"). */
    String device();

    /** Whether a batch that threw this is worth running again (e.g. device out of memory). */
    default boolean retryable(Throwable error) {
        return false;
    }

    /** Adds the handler's own metrics (cache hit rates, ...) to the operator's group. */
    default void registerMetrics(MetricGroup group) {}

    @Override
    default void close() throws Exception {}
}
