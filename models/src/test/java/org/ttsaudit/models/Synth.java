package org.ttsaudit.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test driver for the built models: real ONNX Runtime CPU sessions on the classpath resources. */
public final class Synth {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    static final int SR = SynthModel.SAMPLE_RATE;
    static final float[] NEUTRAL = new float[8];
    private static final Map<String, Long> IDS = new HashMap<>();

    static {
        List<String> vocab = Vocab.tokens();
        for (int i = 0; i < vocab.size(); i++) {
            IDS.put(vocab.get(i), (long) i);
        }
    }

    /** One row of a synthesizer batch; tokens are space separated, e.g. "ni3 hao3". */
    public record Request(String tokens, float[] speaker, float[] emotion, float scale) {
        public Request(String tokens) {
            this(tokens, Synth.speaker(1), NEUTRAL, 1f);
        }

        public Request withSpeaker(float[] s) { return new Request(tokens, s, emotion, scale); }
        Request withEmotion(float[] e) { return new Request(tokens, speaker, e, scale); }
        Request withScale(float s) { return new Request(tokens, speaker, emotion, s); }
    }

    /** The waveform, its lengths, and the decoder's residuals per frame edge [B][E][pitch semitones, loudness dB]. */
    public record Result(float[][] waveform, long[] lengths, float[][][] prosody) {
        /** Row b cut to its length. */
        public float[] row(int b) {
            return java.util.Arrays.copyOf(waveform[b], (int) lengths[b]);
        }
    }

    /** A session on model bytes built here (e.g. a variant of the bundled model). */
    static OrtSession session(byte[] model) throws OrtException {
        return ENV.createSession(model, new OrtSession.SessionOptions());
    }

    public static OrtSession session(String file) throws IOException, OrtException {
        try (InputStream in = Synth.class.getResourceAsStream("/models/" + file)) {
            if (in == null) {
                throw new IOException("/models/" + file + " not on the classpath; run the build first");
            }
            return ENV.createSession(in.readAllBytes(), new OrtSession.SessionOptions());
        }
    }

    /** A deterministic unit-length speaker embedding. */
    public static float[] speaker(long seed) {
        Random r = new Random(seed);
        float[] e = new float[SynthModel.SPEAKER_DIM];
        double norm = 0;
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) r.nextGaussian();
            norm += e[i] * e[i];
        }
        for (int i = 0; i < e.length; i++) {
            e[i] /= (float) Math.sqrt(norm);
        }
        return e;
    }

    static float[] emotion(String name, float value) {
        float[] e = new float[8];
        e[SynthModel.EMOTIONS.indexOf(name)] = value;
        return e;
    }

    public static Result run(OrtSession session, Request... batch) throws OrtException {
        int b = batch.length;
        String[][] split = new String[b][];
        int n = 1;
        for (int i = 0; i < b; i++) {
            split[i] = batch[i].tokens().split(" ");
            n = Math.max(n, split[i].length);
        }
        long[][] tokens = new long[b][n]; // zero = <pad>
        long[] lengths = new long[b];
        float[][] speakers = new float[b][];
        float[][] emotions = new float[b][];
        float[] scales = new float[b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < split[i].length; j++) {
                Long id = IDS.get(split[i][j]);
                if (id == null) {
                    throw new IllegalArgumentException("not in vocab: " + split[i][j]);
                }
                tokens[i][j] = id;
            }
            lengths[i] = split[i].length;
            speakers[i] = batch[i].speaker();
            emotions[i] = batch[i].emotion();
            scales[i] = batch[i].scale();
        }
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("tokens", OnnxTensor.createTensor(ENV, tokens));
            in.put("token_lengths", OnnxTensor.createTensor(ENV, lengths));
            in.put("speaker", OnnxTensor.createTensor(ENV, speakers));
            in.put("emotion", OnnxTensor.createTensor(ENV, emotions));
            in.put("duration_scale", OnnxTensor.createTensor(ENV, scales));
            try (OrtSession.Result out = session.run(in)) {
                return new Result((float[][]) out.get("waveform").orElseThrow().getValue(),
                        (long[]) out.get("waveform_lengths").orElseThrow().getValue(),
                        (float[][][]) out.get("prosody").orElseThrow().getValue());
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** The encoder's embedding of a clip. */
    static float[] embed(OrtSession encoder, float[] audio) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(ENV, new float[][] {audio});
                OrtSession.Result out = encoder.run(Map.of("audio", t))) {
            return ((float[][]) out.get(0).getValue())[0];
        }
    }

    static double cosineDistance(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return 1 - ab / Math.sqrt(aa * bb);
    }
}
