package org.ttsaudit.inference.batch;

import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires a {@link MicroBatchingAsyncFunction} into a stream, ordered or unordered. */
public final class AsyncInference {
    private AsyncInference() {}

    public static <IN, OUT> SingleOutputStreamOperator<OUT> apply(
            DataStream<IN> input,
            BatchHandlerFactory<IN, OUT> factory,
            BatchOptions options,
            TypeInformation<OUT> outputType) {
        MicroBatchingAsyncFunction<IN, OUT> function = new MicroBatchingAsyncFunction<>(factory, options);
        SingleOutputStreamOperator<OUT> out = options.ordered
                ? AsyncDataStream.orderedWait(input, function, options.timeoutMs, TimeUnit.MILLISECONDS, options.capacity)
                : AsyncDataStream.unorderedWait(input, function, options.timeoutMs, TimeUnit.MILLISECONDS, options.capacity);
        return out.returns(outputType);
    }
}
