package org.ttsaudit.pipeline.synthesis;

import org.ttsaudit.inference.batch.BatchHandler;
import org.ttsaudit.inference.batch.BatchHandlerFactory;
import org.ttsaudit.pipeline.records.SynthesisResult;
import org.ttsaudit.pipeline.records.TtsRequest;

/** Makes one {@link TtsBatchHandler} per inference subtask from serializable settings. */
public final class TtsHandlerFactory implements BatchHandlerFactory<TtsRequest, SynthesisResult> {
    private static final long serialVersionUID = 1L;
    private final SynthesisSettings settings;

    public TtsHandlerFactory(SynthesisSettings settings) {
        this.settings = settings;
    }

    @Override
    public BatchHandler<TtsRequest, SynthesisResult> create(int subtaskIndex) throws Exception {
        return new TtsBatchHandler(settings);
    }
}
