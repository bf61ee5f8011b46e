package org.ttsaudit.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;

class ParseRequestsTest {

    /** Chained downstream operators throw through collect(); that must fail the task, not reject the request. */
    @Test
    void shouldLetDownstreamFailuresThroughInsteadOfRejectingTheRequest() throws Exception {
        ParseRequests parse = new ParseRequests(new ValidationRules(5000, 65536,
                new ReferencePolicy("/srv/voices", List.of()), "classpath:/models/synth.json"));
        parse.open(DefaultOpenContext.INSTANCE);
        byte[] valid = "{\"user_id\":1,\"text\":\"你好\",\"ref_audio_url\":\"file:/srv/voices/a.wav\"}"
                .getBytes(StandardCharsets.UTF_8);
        IllegalStateException downstream = new IllegalStateException("sink down");
        Collector<TtsRequest> failing = new Collector<>() {
            @Override
            public void collect(TtsRequest record) {
                throw downstream;
            }

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> parse.processElement(new RawRequest(valid, "t", 0, 1, 1L), null, failing))
                .isSameAs(downstream);
    }
}
