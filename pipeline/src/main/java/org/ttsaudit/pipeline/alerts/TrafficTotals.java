package org.ttsaudit.pipeline.alerts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/**
 * Requests per window over all modes, including windows without a single request: the per-mode
 * rows exist only for windows that had records, so a platform whose traffic stopped would produce
 * no row to alert on. An event-time timer at the end of each window totals the windows the
 * watermark has passed (zero when no row came) and arms the next one's; a jump of the watermark
 * over many empty windows (a replay with gaps) yields one zero row for the whole gap, not one per
 * window. Keyed by the constant {@link #ALL}; rows re-fired for late records are already counted
 * and are ignored.
 */
public class TrafficTotals extends KeyedProcessFunction<String, FailureWindowRow, FailureWindowRow> {
    private static final long serialVersionUID = 1L;
    /** The dimension of the totals, beside the modes. */
    public static final String ALL = "all";

    private final long windowMs;
    /** Start of the first window not yet totalled. */
    private transient ValueState<Long> nextStart;
    /** Requests so far of the windows not yet totalled, by window start. */
    private transient MapState<Long, Long> requests;

    public TrafficTotals(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open(OpenContext context) {
        nextStart = getRuntimeContext().getState(new ValueStateDescriptor<>("next-window-start", Long.class));
        requests = getRuntimeContext().getMapState(new MapStateDescriptor<>("requests", Long.class, Long.class));
    }

    /**
     * Rows are summed until the watermark passes their window's end: with several window subtasks,
     * one may emit a later window before another has emitted an earlier one.
     */
    @Override
    public void processElement(FailureWindowRow row, Context ctx, Collector<FailureWindowRow> out) throws Exception {
        Long next = nextStart.value();
        if (next == null) {
            arm(ctx.timerService(), row.windowStart);
        } else if (row.windowStart < next) {
            return; // re-fired by a late record: that window's total is out already
        }
        Long sum = requests.get(row.windowStart);
        requests.put(row.windowStart, (sum == null ? 0 : sum) + row.requests);
    }

    /** Totals every window the watermark has passed: those with rows, and the empty ones between them. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FailureWindowRow> out) throws Exception {
        long closedUpTo = Math.floorDiv(ctx.timerService().currentWatermark() + 1, windowMs) * windowMs;
        List<Long> closed = new ArrayList<>();
        for (Long start : requests.keys()) {
            if (start < closedUpTo) {
                closed.add(start);
            }
        }
        Collections.sort(closed);
        long from = nextStart.value();
        for (long start : closed) {
            if (start > from) {
                out.collect(total(from, start, 0));
            }
            out.collect(total(start, start + windowMs, requests.get(start)));
            requests.remove(start);
            from = start + windowMs;
        }
        if (from < closedUpTo) {
            out.collect(total(from, closedUpTo, 0));
        }
        arm(ctx.timerService(), closedUpTo);
    }

    private void arm(TimerService timers, long start) throws Exception {
        nextStart.update(start);
        timers.registerEventTimeTimer(start + windowMs - 1);
    }

    /** One row for one window, or for a run of empty windows (then it spans them all). */
    private static FailureWindowRow total(long start, long end, long requests) {
        FailureWindowRow row = new FailureWindowRow();
        row.windowStart = start;
        row.windowEnd = end;
        row.mode = ALL;
        row.requests = requests;
        row.updatedAt = System.currentTimeMillis();
        return row;
    }
}
