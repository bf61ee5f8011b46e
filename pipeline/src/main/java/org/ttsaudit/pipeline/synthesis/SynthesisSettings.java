package org.ttsaudit.pipeline.synthesis;

import java.io.Serializable;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.inference.onnx.Device;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.ValidationRules;
import org.ttsaudit.pipeline.provenance.ProvenanceLabel;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;

/** What a synthesis subtask needs to build its sessions, caches, store and clip labeller. */
public final class SynthesisSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String synthesizerCard;
    public final String speakerEncoderCard;
    public final Device device;
    public final int intraOpThreads;
    public final String audioStore;
    public final ReferencePolicy referencePolicy;
    public final long maxReferenceBytes;
    public final ReferenceGate referenceGate;
    public final int speakerCacheSize;
    public final ProvenanceLabel.Source label;

    public SynthesisSettings(String synthesizerCard, String speakerEncoderCard, Device device, int intraOpThreads,
            String audioStore, ReferencePolicy referencePolicy, long maxReferenceBytes, ReferenceGate referenceGate, int speakerCacheSize,
            ProvenanceLabel.Source label) {
        this.synthesizerCard = synthesizerCard;
        this.speakerEncoderCard = speakerEncoderCard;
        this.device = device;
        this.intraOpThreads = intraOpThreads;
        this.audioStore = audioStore;
        this.referencePolicy = referencePolicy;
        this.maxReferenceBytes = maxReferenceBytes;
        this.referenceGate = referenceGate;
        this.speakerCacheSize = speakerCacheSize;
        this.label = label;
    }

    public static SynthesisSettings from(Configuration config) {
        return new SynthesisSettings(
                config.get(TtsOptions.MODEL_SYNTH),
                config.get(TtsOptions.MODEL_SPEAKER),
                Device.parse(config.get(TtsOptions.INFERENCE_DEVICE)),
                config.get(TtsOptions.INFERENCE_THREADS),
                TtsConfig.require(config, TtsOptions.AUDIO_STORE),
                ValidationRules.referencePolicy(config),
                config.get(TtsOptions.REF_MAX_BYTES),
                new ReferenceGate(config.get(TtsOptions.REF_MIN_DURATION_MS), config.get(TtsOptions.REF_MIN_SNR_DB)),
                config.get(TtsOptions.SPEAKER_CACHE),
                ProvenanceLabel.source(config));
    }
}
