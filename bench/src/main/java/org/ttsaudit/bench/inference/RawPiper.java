package org.ttsaudit.bench.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.inference.onnx.Device;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.EspeakNg;
import org.ttsaudit.pipeline.text.PiperFrontEnd;

/**
 * The baseline for a Piper voice: ONNX Runtime alone, with the operator's session options, one
 * request per call as Piper's export requires, on phoneme ids made by the same espeak-ng front end;
 * either made before the clock starts, or in the timed loop before each call.
 */
final class RawPiper implements AutoCloseable {
    private final OnnxModel voice;
    private final PiperFrontEnd frontEnd;

    RawPiper(Configuration config) throws Exception {
        voice = OnnxModel.load(config.get(TtsOptions.MODEL_SYNTH), Device.CPU, config.get(TtsOptions.INFERENCE_THREADS));
        frontEnd = new PiperFrontEnd(voice.card(), EspeakNg.load());
    }

    String id() {
        return voice.card().id();
    }

    List<long[]> ids(List<TtsRequest> requests) throws Exception {
        List<long[]> ids = new ArrayList<>(requests.size());
        for (TtsRequest r : requests) {
            ids.add(frontEnd.ids(r.text, r.pinyin));
        }
        return ids;
    }

    /** Requests per second, the ids made before the clock started. */
    double run(List<long[]> ids) throws Exception {
        long start = System.nanoTime();
        for (long[] row : ids) {
            call(row);
        }
        return ids.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Requests per second, espeak-ng run for each request in the timed loop. */
    double runWithFrontEnd(List<TtsRequest> requests) throws Exception {
        long start = System.nanoTime();
        for (TtsRequest r : requests) {
            call(frontEnd.ids(r.text, r.pinyin));
        }
        return requests.size() / ((System.nanoTime() - start) / 1e9);
    }

    private void call(long[] ids) throws Exception {
        OrtEnvironment env = OnnxModel.environment();
        ModelCard card = voice.card();
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put(card.input("phoneme_ids"), OnnxTensor.createTensor(env, new long[][] {ids}));
            in.put(card.input("phoneme_lengths"), OnnxTensor.createTensor(env, new long[] {ids.length}));
            in.put(card.input("scales"), OnnxTensor.createTensor(env, new float[] {0.667f, 1f, 0.8f}));
            in.put(card.input("speaker_id"), OnnxTensor.createTensor(env, new long[] {0}));
            try (OrtSession.Result out = voice.run(in)) {
                float[][][][] wave = (float[][][][]) out.get(card.output("waveform")).orElseThrow().getValue();
                if (wave[0][0][0].length == 0) {
                    throw new IllegalStateException("the voice returned no samples");
                }
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws Exception {
        voice.close();
    }
}
