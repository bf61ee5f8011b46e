package org.ttsaudit.pipeline.synthesis;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.models.audio.WavFormatException;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferenceAudioLoader;

/**
 * Admits each request by putting its reference voice into the cache: located, fetched, checked and
 * encoded on the admitting threads, off the model's. The voice is kept with the request, so the
 * batch that synthesizes it neither locates nor looks it up again.
 */
final class ReferenceAdmission implements AutoCloseable {
    private final OnnxModel speakerEncoder;
    private final ReferenceAudioLoader loader;
    private final ReferenceGate gate;
    private final SpeakerCache voices;
    /**
     * Voices of admitted requests, by request identity. Weak, so a request that times out before
     * its batch leaves nothing behind; not removed on use, so a retried batch finds it again.
     */
    private final Map<TtsRequest, SpeakerCache.Voice> admitted = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Threads are made as needed: fetching a remote clip may take up to refaudio.fetch-timeout-ms,
     * and the operator's capacity bounds how many requests are in admission at once.
     */
    private final ExecutorService admitting = Executors.newCachedThreadPool(Threads.daemon("tts-admit"));
    private final int sampleRate;
    private final int minReferenceSamples;

    /** {@code sampleRate}: the synthesizer's, which reference clips are resampled to. */
    ReferenceAdmission(OnnxModel speakerEncoder, ReferenceAudioLoader loader, ReferenceGate gate, int cacheSize,
                       int sampleRate) {
        this.speakerEncoder = speakerEncoder;
        this.loader = loader;
        this.gate = gate;
        this.voices = new SpeakerCache(cacheSize);
        this.sampleRate = sampleRate;
        this.minReferenceSamples = speakerEncoder.card().requiredInt("min_samples");
    }

    /** More of a request's admission, on the same admitting thread; it may refuse the request. */
    interface Step {
        void run(TtsRequest request) throws RequestException;
    }

    /**
     * Completes with null once the request's voice is ready and {@code then} has run, or with the
     * reason it is refused (a reference that is forbidden, missing or unusable, or what {@code then}
     * refuses), which ends the request without a batch.
     */
    CompletableFuture<RequestException> admit(TtsRequest request, Step then) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                admitted.put(request, resolve(request.refAudioUrl));
                then.run(request);
                return null;
            } catch (RequestException e) {
                return e;
            }
        }, admitting);
    }

    /** The request's voice: the one its admission resolved, resolved here only if it was never admitted. */
    SpeakerCache.Voice voice(TtsRequest request) throws RequestException {
        SpeakerCache.Voice voice = admitted.get(request);
        return voice != null ? voice : resolve(request.refAudioUrl);
    }

    private SpeakerCache.Voice resolve(String url) throws RequestException {
        ReferenceAudioLoader.Located located = loader.locate(url);
        return voices.get(located.cacheKey(), () -> load(located));
    }

    private SpeakerCache.Voice load(ReferenceAudioLoader.Located located) throws RequestException {
        Wav.Decoded decoded;
        try {
            decoded = Wav.decode(loader.read(located));
        } catch (WavFormatException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_INVALID, "reference clip is not a usable WAV file: " + e.getMessage());
        }
        float[] samples = Wav.resample(decoded.samples(), decoded.sampleRate(), sampleRate);
        ReferenceQuality quality = ReferenceQuality.measure(samples, sampleRate);
        gate.check(quality, (int) (minReferenceSamples * 1000L / sampleRate));
        return new SpeakerCache.Voice(embed(samples), quality);
    }

    private float[] embed(float[] samples) throws RequestException {
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = speakerEncoder.card();
        try (OnnxTensor audio = OnnxTensor.createTensor(env, new float[][] {samples});
             OrtSession.Result out = speakerEncoder.run(Map.of(card.input("audio"), audio))) {
            return ((float[][]) out.get(card.output("embedding")).orElseThrow().getValue())[0];
        } catch (OrtException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_INVALID, "reference clip could not be encoded");
        }
    }

    SpeakerCache cache() {
        return voices;
    }

    /**
     * The encoder session is freed only once the admitting threads are done, since freeing a native
     * session under a running call crashes the whole process; threads still busy after the wait
     * keep it open.
     */
    @Override
    public void close() throws OrtException, InterruptedException {
        admitting.shutdownNow();
        if (admitting.awaitTermination(30, TimeUnit.SECONDS)) {
            speakerEncoder.close();
        }
    }
}
