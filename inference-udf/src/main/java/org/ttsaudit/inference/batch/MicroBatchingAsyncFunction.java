package org.ttsaudit.inference.batch;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Flink's async operator calls {@code asyncInvoke} once per record; this function hands each record
 * to a {@link MicroBatcher} so that the model sees batches. Only the factory and options are
 * serialized; the handler and the batcher are made in {@link #open} and released in {@link #close}.
 * Nothing here fails the job: a timeout or a failed batch becomes an output record.
 */
public class MicroBatchingAsyncFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final BatchHandlerFactory<IN, OUT> factory;
    private final BatchOptions options;

    private transient BatchHandler<IN, OUT> handler;
    private transient MicroBatcher<IN, OUT> batcher;
    private transient BatchMetrics metrics;
    private transient Map<ResultFuture<OUT>, MicroBatcher.Pending<IN, OUT>> inFlight;

    public MicroBatchingAsyncFunction(BatchHandlerFactory<IN, OUT> factory, BatchOptions options) {
        this.factory = factory;
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        handler = factory.create(subtask);
        inFlight = new ConcurrentHashMap<>();
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("inference");
        metrics = new BatchMetrics(group, handler.device(), () -> inFlight.size());
        handler.registerMetrics(group);
        batcher = new MicroBatcher<>(handler, options, metrics, "micro-batcher-" + subtask);
        group.gauge("circuitOpen", () -> batcher.circuitOpen() ? 1 : 0);
    }

    @Override
    public void asyncInvoke(IN input, ResultFuture<OUT> resultFuture) {
        MicroBatcher.Pending<IN, OUT> pending = batcher.pending(input, out -> {
            inFlight.remove(resultFuture);
            resultFuture.complete(Collections.singletonList(out));
        });
        // Tracked before it is submitted: it may complete at once (rejected in admission).
        inFlight.put(resultFuture, pending);
        batcher.submit(pending);
    }

    @Override
    public void timeout(IN input, ResultFuture<OUT> resultFuture) {
        MicroBatcher.Pending<IN, OUT> pending = inFlight.remove(resultFuture);
        if (pending != null) {
            pending.cancelled = true;
        }
        metrics.timedOut();
        resultFuture.complete(Collections.singletonList(handler.timedOut(input, options.timeoutMs)));
    }

    /**
     * The handler's sessions are freed only once no model call runs: freeing a native session
     * under a running call crashes the whole process (a restart's cancel did, in OutageITCase). A
     * call that hangs past the wait leaves its handler open; the task still ends.
     */
    @Override
    public void close() throws Exception {
        boolean stopped = batcher == null || batcher.stop();
        if (handler != null && stopped) {
            handler.close();
        }
    }
}
