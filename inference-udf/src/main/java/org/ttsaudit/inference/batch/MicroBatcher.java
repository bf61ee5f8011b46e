package org.ttsaudit.inference.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits each submitted request through the handler (on the handler's threads), collects the
 * admitted ones into micro-batches by size and by time and runs them on one worker thread, with
 * retries and a circuit breaker around the handler. {@link #submit} never blocks: the async
 * operator's capacity already bounds how many requests can be in admission or queued here, and
 * how many outputs can be finishing after their batch ran.
 */
final class MicroBatcher<IN, OUT> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    /**
     * A request on its way through admission and the queue; {@code cancelled} is set when the
     * operator gave up on it (timeout), and a batch then leaves it out.
     */
    static final class Pending<IN, OUT> {
        final IN input;
        final double cost;
        final Consumer<OUT> completion;
        volatile long enqueuedNanos;
        volatile boolean cancelled;

        Pending(IN input, double cost, Consumer<OUT> completion) {
            this.input = input;
            this.cost = cost;
            this.completion = completion;
        }
    }

    private final BatchHandler<IN, OUT> handler;
    private final BatchOptions options;
    private final BatchMetrics metrics;
    private final LinkedBlockingQueue<Pending<IN, OUT>> queue = new LinkedBlockingQueue<>();
    /** Requests taken off the queue but not yet batched, oldest first; the worker thread's own. */
    private final List<Pending<IN, OUT>> backlog = new ArrayList<>();
    private final CircuitBreaker breaker;
    private final Thread worker;
    private volatile boolean running = true;
    private Throwable lastError;

    MicroBatcher(BatchHandler<IN, OUT> handler, BatchOptions options, BatchMetrics metrics, String name) {
        this.handler = handler;
        this.options = options;
        this.metrics = metrics;
        this.breaker = new CircuitBreaker(options.breakerThreshold, options.breakerCooldownMs, System::currentTimeMillis);
        this.worker = new Thread(this::loop, name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** A request to {@link #submit}, made first so that the caller can track it before it may complete. */
    Pending<IN, OUT> pending(IN input, Consumer<OUT> completion) {
        return new Pending<>(input, handler.cost(input), completion);
    }

    /**
     * Admits the request through the handler, then queues it for a batch; a request that ends in
     * admission (rejected, or failed) completes without reaching the model.
     */
    void submit(Pending<IN, OUT> pending) {
        CompletableFuture<OUT> admitted;
        try {
            admitted = handler.admit(pending.input);
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        admitted.whenComplete((ended, error) -> {
            if (error != null) {
                pending.completion.accept(failedAlone(pending.input, error));
            } else if (ended != null) {
                pending.completion.accept(ended);
            } else if (!pending.cancelled) {
                pending.enqueuedNanos = System.nanoTime();
                queue.add(pending);
            }
        });
    }

    private void loop() {
        while (running) {
            try {
                List<Pending<IN, OUT>> batch = nextBatch();
                if (!batch.isEmpty()) {
                    run(batch);
                } else if (handler.hasUnfinishedWork() && breaker.allows()) {
                    attempt(new Batch<>(List.of(), new long[0]));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for a first request, then for more until a batch is full or the oldest one's delay is
     * up (not at all while the handler has unfinished work); everything queued by then is a
     * candidate, and {@link CostGrouping} picks the batch.
     */
    private List<Pending<IN, OUT>> nextBatch() throws InterruptedException {
        if (backlog.isEmpty()) {
            // Unfinished work of earlier batches goes on at once when no request is waiting.
            boolean continuing = handler.hasUnfinishedWork() && breaker.state() != CircuitBreaker.State.OPEN;
            Pending<IN, OUT> first = queue.poll(continuing ? 0 : 100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return List.of();
            }
            backlog.add(first);
        }
        queue.drainTo(backlog);
        // With unfinished work the model has a call to make anyway: waiting for the batch to fill
        // would only idle it (a model of one row a call waited up to the delay for every row).
        long deadline = handler.hasUnfinishedWork() ? System.nanoTime()
                : backlog.get(0).enqueuedNanos + TimeUnit.MILLISECONDS.toNanos(options.maxQueueDelayMs);
        while (backlog.size() < options.maxBatchSize) {
            long remaining = deadline - System.nanoTime();
            Pending<IN, OUT> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            backlog.add(next);
            queue.drainTo(backlog);
        }
        backlog.removeIf(p -> p.cancelled);
        double[] costs = new double[backlog.size()];
        for (int i = 0; i < costs.length; i++) {
            costs[i] = backlog.get(i).cost;
        }
        int[] picked = CostGrouping.pick(costs, options.maxBatchSize);
        List<Pending<IN, OUT>> batch = new ArrayList<>(picked.length);
        for (int i : picked) {
            batch.add(backlog.get(i));
        }
        for (int k = picked.length - 1; k >= 0; k--) {
            backlog.remove(picked[k]);
        }
        return batch;
    }

    private void run(List<Pending<IN, OUT>> batch) {
        long start = System.nanoTime();
        List<IN> inputs = new ArrayList<>(batch.size());
        long[] waits = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            inputs.add(batch.get(i).input);
            waits[i] = TimeUnit.NANOSECONDS.toMillis(start - batch.get(i).enqueuedNanos);
        }
        boolean allowed = breaker.allows();
        List<CompletableFuture<OUT>> outputs = allowed ? attempt(new Batch<>(inputs, waits)) : null;
        if (outputs == null) {
            Throwable cause = allowed ? lastError : new CircuitOpenException(options.breakerThreshold);
            metrics.requestsFailed(inputs.size());
            outputs = new ArrayList<>(inputs.size());
            for (IN input : inputs) {
                outputs.add(CompletableFuture.completedFuture(handler.failed(input, cause)));
            }
        }
        metrics.batchDone(inputs.size(), waits, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        for (int i = 0; i < batch.size(); i++) {
            Pending<IN, OUT> pending = batch.get(i);
            outputs.get(i).whenComplete((out, error) -> pending.completion.accept(error == null ? out : failedAlone(pending.input, error)));
        }
    }

    /** A request that failed on its own, in admission or after its batch ran: its neighbours go on. */
    private OUT failedAlone(IN input, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("one request failed on its own: {}", cause.toString());
        metrics.requestsFailed(1);
        return handler.failed(input, cause);
    }

    /** Runs the batch, retrying retryable errors with exponential backoff; null when it failed. */
    private List<CompletableFuture<OUT>> attempt(Batch<IN> batch) {
        lastError = null;
        for (int attempt = 0; ; attempt++) {
            try {
                List<CompletableFuture<OUT>> outputs = handler.handle(batch);
                if (outputs.size() != batch.size()) {
                    throw new IllegalStateException("handler returned " + outputs.size() + " outputs for " + batch.size() + " inputs");
                }
                breaker.succeeded();
                return outputs;
            } catch (Exception | LinkageError e) {
                lastError = e;
                if (attempt >= options.maxRetries || !handler.retryable(e) || !backoff(attempt)) {
                    LOG.warn("batch of {} failed after {} attempt(s): {}", batch.size(), attempt + 1, e.toString());
                    breaker.failed();
                    return null;
                }
                metrics.retried();
            }
        }
    }

    private boolean backoff(int attempt) {
        try {
            Thread.sleep(options.retryBackoffMs << Math.min(attempt, 10));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean circuitOpen() {
        return breaker.state() == CircuitBreaker.State.OPEN;
    }

    /** Stops the worker; false when it is still inside a model call after 30 s (the model hangs). */
    public boolean stop() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(30));
        return !worker.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
