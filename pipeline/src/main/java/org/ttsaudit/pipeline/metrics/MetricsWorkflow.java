package org.ttsaudit.pipeline.metrics;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;
import org.ttsaudit.pipeline.records.ErrorWindowRow;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/**
 * Event-time windows over the masked audit records: outcomes and latency per mode, emotions, error
 * codes. A late record within the allowed lateness re-fires its window (the upsert replaces the
 * row); a later one leaves on a side output, so it is counted rather than silently dropped.
 */
public final class MetricsWorkflow {
    public static final OutputTag<AuditRecord> LATE = new OutputTag<>("late-records") {};

    public record Outputs(DataStream<FailureWindowRow> failures, DataStream<EmotionWindowRow> emotions,
                          DataStream<ErrorWindowRow> errors, DataStream<AuditRecord> late) {}

    private MetricsWorkflow() {}

    public static Outputs define(DataStream<AuditRecord> audit, MetricsSettings settings) {
        DataStream<AuditRecord> timed = audit
                .transform("event-time", TypeInformation.of(AuditRecord.class), new EventTimeAssigner(
                        settings.outOfOrderness().toMillis(), settings.idleTimeout().toMillis()))
                .uid("event-time");

        // Every record counts once per mode; records too late for it are the ones reported as late.
        SingleOutputStreamOperator<FailureWindowRow> failures = windows(timed.keyBy(MetricsWorkflow::mode), settings,
                true, new FailureAggregate(), FailureAggregate::row, FailureAggregate.Acc.class, FailureWindowRow.class,
                "failure-metrics");
        DataStream<EmotionWindowRow> emotions = windows(
                timed.filter(r -> r.emotionVector != null).name("with-emotion").uid("with-emotion").keyBy(EmotionAggregate::dominant),
                settings, false, new EmotionAggregate(), EmotionAggregate::row, EmotionAggregate.Acc.class,
                EmotionWindowRow.class, "emotion-metrics");
        DataStream<ErrorWindowRow> errors = windows(
                timed.filter(r -> r.errorCode != null).name("with-error").uid("with-error").keyBy(r -> r.errorCode),
                settings, false, new ErrorAggregate(), ErrorAggregate::row, ErrorAggregate.Acc.class, ErrorWindowRow.class,
                "error-metrics");

        return new Outputs(failures, emotions, errors, failures.getSideOutput(LATE));
    }

    /** Tumbling event-time windows with allowed lateness, pre-aggregated, one row per key and window. */
    private static <ACC, ROW> SingleOutputStreamOperator<ROW> windows(KeyedStream<AuditRecord, String> keyed,
            MetricsSettings settings, boolean lateToSideOutput, AggregateFunction<AuditRecord, ACC, ACC> aggregate,
            WindowRows.RowMaker<ACC, ROW> row, Class<ACC> accumulatorType, Class<ROW> rowType, String name) {
        WindowedStream<AuditRecord, String, TimeWindow> windowed = keyed
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness());
        if (lateToSideOutput) {
            windowed = windowed.sideOutputLateData(LATE);
        }
        TypeInformation<ACC> accumulator = TypeInformation.of(accumulatorType);
        return windowed.aggregate(aggregate, new WindowRows<>(row), accumulator, accumulator, TypeInformation.of(rowType))
                .name(name).uid(name);
    }

    /** Rejections whose mode did not parse are counted under "unknown". */
    static String mode(AuditRecord record) {
        return record.mode == null ? "unknown" : record.mode;
    }
}
