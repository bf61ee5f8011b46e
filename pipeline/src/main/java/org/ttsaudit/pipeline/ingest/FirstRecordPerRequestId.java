package org.ttsaudit.pipeline.ingest;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ttsaudit.pipeline.records.ParsedRecord;
import org.ttsaudit.pipeline.records.Rejection;
import org.ttsaudit.pipeline.records.TtsRequest;

/**
 * One outcome per request id: the first record of an id is processed (a valid request goes on to
 * synthesis, a rejection to the log and the dead-letter topic); a later record with the same id,
 * within {@code request.dedupe-window}, is not. It goes to the dead-letter topic only, as
 * {@link ErrorCode#DUPLICATE_REQUEST_ID}, and the first record's audit row, result and clip stay
 * as they are.
 *
 * <p>Without this, the log's upsert kept whichever of the two outcomes reached the database last,
 * and a rejection, which skips synthesis, usually overtakes a valid request sent before it: a clip
 * would be made and traced to a rejected row, and the windows would count both records. The first
 * record wins, as with any idempotency key: a client retrying a request it lost track of gets no
 * second clip, and a client with new content sends it under a new id.
 *
 * <p>The ids seen are keyed state, restored with the source offsets on a restart, so a replay
 * after a failure sees the ids its first run saw. They expire after the window; a zero window
 * remembers none.
 */
public class FirstRecordPerRequestId extends KeyedProcessFunction<String, ParsedRecord, TtsRequest> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};
    public static final OutputTag<Rejection> REPEATED = new OutputTag<>("repeated") {};

    private final Duration window;
    private transient ValueState<Boolean> seen;

    public FirstRecordPerRequestId(Duration window) {
        this.window = window;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("request-id-seen", Boolean.class);
        if (remembers()) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(window).build());
        }
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<TtsRequest> out) throws Exception {
        if (remembers()) {
            if (seen.value() != null) {
                ctx.output(REPEATED, record.rejection(ErrorCode.DUPLICATE_REQUEST_ID.name(), "request_id "
                        + record.requestId() + " was used by an earlier record, which keeps its outcome; "
                        + "send new content under a new request_id"));
                return;
            }
            seen.update(true);
        }
        if (record.isValid()) {
            out.collect(record.request);
        } else {
            ctx.output(REJECTED, record.rejection(record.errorCode, record.message));
        }
    }

    private boolean remembers() {
        return window.toMillis() > 0;
    }
}
