package org.ttsaudit.pipeline.metrics;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
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

        SingleOutputStreamOperator<FailureWindowRow> failures = timed
                .keyBy(MetricsWorkflow::mode)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(LATE)
                .aggregate(new FailureAggregate(), new WindowRows<>(FailureAggregate::row),
                        TypeInformation.of(FailureAggregate.Acc.class), TypeInformation.of(FailureAggregate.Acc.class),
                        TypeInformation.of(FailureWindowRow.class))
                .name("failure-metrics").uid("failure-metrics");

        DataStream<EmotionWindowRow> emotions = timed
                .filter(r -> r.emotionVector != null).name("with-emotion").uid("with-emotion")
                .keyBy(EmotionAggregate::dominant)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness())
                .aggregate(new EmotionAggregate(), new WindowRows<>(EmotionAggregate::row),
                        TypeInformation.of(EmotionAggregate.Acc.class), TypeInformation.of(EmotionAggregate.Acc.class),
                        TypeInformation.of(EmotionWindowRow.class))
                .name("emotion-metrics").uid("emotion-metrics");

        DataStream<ErrorWindowRow> errors = timed
                .filter(r -> r.errorCode != null).name("with-error").uid("with-error")
                .keyBy(r -> r.errorCode)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .allowedLateness(settings.allowedLateness())
                .aggregate(new ErrorAggregate(), new WindowRows<>(ErrorAggregate::row),
                        TypeInformation.of(ErrorAggregate.Acc.class), TypeInformation.of(ErrorAggregate.Acc.class),
                        TypeInformation.of(ErrorWindowRow.class))
                .name("error-metrics").uid("error-metrics");

        return new Outputs(failures, emotions, errors, failures.getSideOutput(LATE));
    }

    /** Rejections whose mode did not parse are counted under "unknown". */
    static String mode(AuditRecord record) {
        return record.mode == null ? "unknown" : record.mode;
    }
}
