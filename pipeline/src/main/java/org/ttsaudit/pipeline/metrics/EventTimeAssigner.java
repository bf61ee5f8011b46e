package org.ttsaudit.pipeline.metrics;

import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.ttsaudit.pipeline.records.AuditRecord;

/**
 * Stamps audit records with their event time and emits a bounded-out-of-orderness watermark after
 * each record that advances it, like Flink's own assigner, with differences that keep the
 * aggregate tables and the alerts right.
 *
 * <p>Time moves without traffic: once no record has come for the idle timeout, the event clock
 * runs on with the processing clock from the newest event time (newest event time plus the
 * silence), and the watermark follows it less the out-of-orderness bound. So the last windows
 * close and their alerts fire or resolve when traffic stops. The clock runs from the newest event,
 * not from the wall clock: a replay of old data is not cut off (it arrives without pauses, and a
 * pause moves the clock only by its own length).
 *
 * <p>The watermark is checkpointed, so after a restart it resumes where it was: otherwise a
 * replayed, long-late record would reopen a window that was already final and its upsert would
 * replace the full row with a partial one. A subtask that has never seen a record declares itself
 * idle after the timeout, so it does not hold back the others.
 */
final class EventTimeAssigner extends AbstractStreamOperator<AuditRecord>
        implements OneInputStreamOperator<AuditRecord, AuditRecord>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMs;
    private final long idleTimeoutMs;

    private transient ListState<Long> checkpointedMax;
    private transient long maxEventTime;
    private transient long lastWatermark;
    private transient long lastRecordAt;
    private transient boolean idle;

    EventTimeAssigner(long outOfOrdernessMs, long idleTimeoutMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: after rescaling every subtask resumes from the newest time any of them reached.
        checkpointedMax = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("max-event-time", Long.class));
        maxEventTime = Long.MIN_VALUE;
        lastWatermark = Long.MIN_VALUE;
        for (Long seen : checkpointedMax.get()) {
            maxEventTime = Math.max(maxEventTime, seen);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastRecordAt = getProcessingTimeService().getCurrentProcessingTime();
        advance();
        scheduleIdleCheck(lastRecordAt);
    }

    @Override
    public void processElement(StreamRecord<AuditRecord> element) {
        lastRecordAt = getProcessingTimeService().getCurrentProcessingTime();
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        long eventTime = element.getValue().eventTime;
        output.collect(element.replace(element.getValue(), eventTime));
        if (eventTime > maxEventTime) {
            maxEventTime = eventTime;
            advance();
        }
    }

    /** Event time as of the newest record, less the out-of-orderness bound. */
    private void advance() {
        if (maxEventTime != Long.MIN_VALUE) {
            emitIfAhead(maxEventTime - outOfOrdernessMs - 1);
        }
    }

    private void emitIfAhead(long watermark) {
        if (watermark > lastWatermark) {
            lastWatermark = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void onProcessingTime(long time) {
        long silence = time - lastRecordAt;
        if (silence >= idleTimeoutMs) {
            if (maxEventTime != Long.MIN_VALUE) {
                emitIfAhead(maxEventTime + silence - outOfOrdernessMs - 1);
            } else if (!idle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        }
        scheduleIdleCheck(time);
    }

    private void scheduleIdleCheck(long now) {
        getProcessingTimeService().registerTimer(now + Math.max(10, Math.min(idleTimeoutMs, 1000)), this);
    }

    /** Upstream watermarks are ignored (event time is ours to track), except the end of input. */
    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            output.emitWatermark(mark);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // The event time the watermark stands for, which the idle clock may have moved past the newest event.
        long clock = lastWatermark == Long.MIN_VALUE ? maxEventTime : Math.max(maxEventTime, lastWatermark + outOfOrdernessMs + 1);
        checkpointedMax.update(List.of(clock));
    }
}
