package org.ttsaudit.pipeline.ingest;

import java.io.Serializable;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;

/** The configurable limits of request validation (DESIGN.md 3.1). */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int maxTextChars;
    public final int maxRequestBytes;
    public final ReferencePolicy referencePolicy;
    /** Card whose vocabulary decides which pinyin syllables exist. */
    public final String synthesizerCard;

    public ValidationRules(int maxTextChars, int maxRequestBytes, ReferencePolicy referencePolicy, String synthesizerCard) {
        this.maxTextChars = maxTextChars;
        this.maxRequestBytes = maxRequestBytes;
        this.referencePolicy = referencePolicy;
        this.synthesizerCard = synthesizerCard;
    }

    public static ValidationRules from(Configuration config) {
        return new ValidationRules(
                config.get(TtsOptions.MAX_TEXT_CHARS),
                config.get(TtsOptions.MAX_REQUEST_BYTES),
                referencePolicy(config),
                config.get(TtsOptions.MODEL_SYNTH));
    }

    public static ReferencePolicy referencePolicy(Configuration config) {
        return ReferencePolicy.from(config);
    }
}
