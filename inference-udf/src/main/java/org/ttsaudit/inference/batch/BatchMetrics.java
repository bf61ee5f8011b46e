package org.ttsaudit.inference.batch;

import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The operator's Flink metrics: batch sizes, waits, latency, failures, retries, in-flight, device. */
final class BatchMetrics {
    private static final int WINDOW = 1024;

    private final Counter batches;
    private final Counter requests;
    private final Counter failedRequests;
    private final Counter timeouts;
    private final Counter retries;
    private final Histogram batchSize;
    private final Histogram queueWaitMs;
    private final Histogram inferenceMs;

    BatchMetrics(MetricGroup group, String device, IntSupplier inFlight) {
        batches = group.counter("batches");
        requests = group.counter("requests");
        failedRequests = group.counter("failedRequests");
        timeouts = group.counter("timeouts");
        retries = group.counter("retries");
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
        queueWaitMs = group.histogram("queueWaitMs", new DescriptiveStatisticsHistogram(WINDOW));
        inferenceMs = group.histogram("inferenceMs", new DescriptiveStatisticsHistogram(WINDOW));
        group.gauge("inFlight", inFlight::getAsInt);
        group.gauge("device", () -> device);
    }

    void batchDone(int size, long[] waits, long elapsedMs) {
        batches.inc();
        requests.inc(size);
        batchSize.update(size);
        inferenceMs.update(elapsedMs);
        for (long wait : waits) {
            queueWaitMs.update(wait);
        }
    }

    void requestsFailed(int count) {
        failedRequests.inc(count);
    }

    void retried() {
        retries.inc();
    }

    void timedOut() {
        timeouts.inc();
    }
}
