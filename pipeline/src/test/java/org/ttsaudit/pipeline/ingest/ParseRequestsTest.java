package org.ttsaudit.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.ParsedRecord;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;

class ParseRequestsTest {
    private static final byte[] VALID = "{\"user_id\":1,\"text\":\"你好\",\"ref_audio_url\":\"file:/srv/voices/a.wav\"}"
            .getBytes(StandardCharsets.UTF_8);
    private ParseRequests parse;

    @BeforeEach
    void open() {
        parse = new ParseRequests(new ValidationRules(5000, 65536,
                new ReferencePolicy("/srv/voices", List.of()), "classpath:/models/synth.json"));
        parse.open(DefaultOpenContext.INSTANCE);
    }

    /** Chained downstream operators throw through collect(); that must fail the task, not reject the request. */
    @Test
    void shouldLetDownstreamFailuresThroughInsteadOfRejectingTheRequest() {
        IllegalStateException downstream = new IllegalStateException("sink down");
        Collector<ParsedRecord> failing = new Collector<>() {
            @Override
            public void collect(ParsedRecord record) {
                throw downstream;
            }

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> parse.processElement(new RawRequest(VALID, "t", 0, 1, 1L), null, failing))
                .isSameAs(downstream);
    }

    @Test
    void shouldPassAValidRequestOnWithItsRawBytes() {
        ParsedRecord out = parseOne(VALID);

        assertThat(out.isValid()).isTrue();
        assertThat(out.raw).isSameAs(VALID);
        assertThat(out.requestId()).isEqualTo("t-0-1");
    }

    /**
     * 10,000 levels of '[' are a few kilobytes, well under the size limit; the parser's depth limit
     * refuses them. Its exception carries no location, which once made the rejection message
     * itself fail and the record end as UNPROCESSABLE.
     */
    @Test
    void shouldRejectDeeplyNestedJsonAsMalformedNotUnprocessable() {
        ParsedRecord out = parseOne("[".repeat(10_000).getBytes(StandardCharsets.UTF_8));

        assertThat(out.isValid()).isFalse();
        assertThat(out.errorCode).isEqualTo(ErrorCode.MALFORMED_JSON.name());
        assertThat(out.raw).hasSize(10_000);
        assertThat(out.requestId()).isEqualTo("t-0-1");
    }

    private ParsedRecord parseOne(byte[] value) {
        List<ParsedRecord> out = new ArrayList<>();
        parse.processElement(new RawRequest(value, "t", 0, 1, 1L), null, new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
