package org.ttsaudit.pipeline.metrics;

import java.io.Serializable;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's pre-aggregated accumulator into its table row. Fires again for each late
 * record within the allowed lateness; the row's key makes the sink's upsert replace the earlier one.
 */
final class WindowRows<ACC, ROW> extends ProcessWindowFunction<ACC, ROW, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @FunctionalInterface
    interface RowMaker<ACC, ROW> extends Serializable {
        ROW make(String key, long windowStart, long windowEnd, ACC acc);
    }

    private final RowMaker<ACC, ROW> maker;

    WindowRows(RowMaker<ACC, ROW> maker) {
        this.maker = maker;
    }

    @Override
    public void process(String key, Context context, Iterable<ACC> accumulators, Collector<ROW> out) {
        out.collect(maker.make(key, context.window().getStart(), context.window().getEnd(), accumulators.iterator().next()));
    }
}
