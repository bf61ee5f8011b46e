package org.ttsaudit.pipeline.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.records.ParsedRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Tokenizer;

/** Every record becomes a {@link ParsedRecord}: a valid request, or a rejection with its code and message. */
public class ParseRequests extends ProcessFunction<RawRequest, ParsedRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseRequests.class);

    private final ValidationRules rules;
    private transient RequestParser parser;

    public ParseRequests(ValidationRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new RequestParser(rules, Tokenizer.fromCard(OnnxModel.readCard(rules.synthesizerCard)));
    }

    /**
     * Only the parser's own failures become rejections: whatever downstream operators chained to
     * this one throw from {@code collect} must fail the task, so that Flink restarts and replays.
     */
    @Override
    public void processElement(RawRequest raw, Context ctx, Collector<ParsedRecord> out) {
        ParsedRecord rejection;
        try {
            out.collect(ParsedRecord.valid(raw.value, parse(raw)));
            return;
        } catch (RequestParser.Rejected e) {
            rejection = ParsedRecord.rejected(raw.value, e.partial, e.code.name(), e.getMessage());
        } catch (UnparseableRecord e) {
            rejection = ParsedRecord.rejected(raw.value, e.partial, ErrorCode.UNPROCESSABLE.name(),
                    "request could not be processed; it is kept on the dead-letter topic");
        }
        out.collect(rejection);
    }

    private TtsRequest parse(RawRequest raw) throws RequestParser.Rejected, UnparseableRecord {
        try {
            return parser.parse(raw, System.currentTimeMillis());
        } catch (RuntimeException e) {
            // A parser bug must not stop the job; the payload is never logged.
            LOG.warn("request at {}-{}@{} could not be processed: {}", raw.topic, raw.partition, raw.offset, e.getClass().getName());
            TtsRequest partial = new TtsRequest();
            partial.requestId = RequestParser.derivedId(raw);
            partial.sourceTopic = raw.topic;
            partial.sourcePartition = raw.partition;
            partial.sourceOffset = raw.offset;
            partial.eventTime = raw.timestamp;
            throw new UnparseableRecord(partial);
        }
    }

    /** The parser failed unexpectedly on this record. */
    private static final class UnparseableRecord extends Exception {
        private static final long serialVersionUID = 1L;
        final transient TtsRequest partial;

        UnparseableRecord(TtsRequest partial) {
            super(null, null, false, false);
            this.partial = partial;
        }
    }
}
