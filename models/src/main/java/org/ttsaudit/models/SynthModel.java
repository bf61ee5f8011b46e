package org.ttsaudit.models;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.DOUBLE;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ttsaudit.models.Graph.V;

/**
 * The tiny synthesizer: a batched, fully dynamic (B rows, N tokens) harmonic voice whose pitch
 * follows speaker, emotion and Mandarin tone, and whose length depends on the duration scale only.
 * The constants and {@link #waveformLength} are its contract, also written to {@code synth.json}.
 */
public final class SynthModel {
    public static final int SAMPLE_RATE = 22050;
    public static final int SAMPLES_PER_TOKEN = 4410;
    public static final int SPEAKER_DIM = 64;
    public static final List<String> EMOTIONS =
            List.of("happy", "angry", "sad", "afraid", "disgusted", "melancholic", "surprised", "calm");
    static final String LENGTH_FORMULA = "waveform_lengths[b] = floor(double(token_lengths[b] * 4410)"
            + " * double(duration_scale[b])), exact in float64 (an integer below 2^29 times a float32),"
            + " so Math.floor((double) (n * 4410L) * (double) scale) reproduces it;"
            + " sample t belongs to token floor(t / (4410.0 * double(duration_scale[b])))";

    private static final int HARMONICS = 12;
    private static final long SEED = 0x77A5_2024L;
    /** Per emotion, in EMOTIONS order: pitch shift (semitones), pitch-range widening, loudness (dB). */
    private static final double[] PITCH_SHIFT = {3, 2, -3, 1.5, -1, -2, 4, -1.5};
    private static final double[] RANGE_WIDENING = {0.4, 0.3, -0.3, 0.1, 0, -0.3, 0.5, -0.2};
    private static final float[] LOUDNESS_DB = {1, 4, -5, -1, 0, -3, 2, -2};
    /**
     * Tone contours as semitones at the start, middle and end of the token, after Chao's tone
     * letters: 0 level (letters, digits), 1 high level 55, 2 rising 35, 3 dipping 214, 4 falling 51,
     * 5 neutral (short, mid, slightly falling).
     */
    private static final double[][] TONES = {{0, 0, 0}, {4, 4, 4}, {0, 1, 4}, {-2, -4, 1}, {4, 0, -4}, {0, -0.5, -1.5}};
    /** Rough (F1, F2) in Hz per main vowel; letters, digits and pauses get a neutral schwa. */
    private static final Map<Character, float[]> FORMANTS = Map.of(
            'a', new float[] {850, 1220}, 'o', new float[] {500, 850}, 'e', new float[] {540, 1160},
            'i', new float[] {300, 2300}, 'u', new float[] {320, 750}, 'v', new float[] {300, 1900},
            'n', new float[] {250, 1500});
    private static final float[] SCHWA = {500, 1500};
    /** 10 ms linear attack and release per token, so that token boundaries do not click. */
    private static final double RAMP_SAMPLES = 220;

    private SynthModel() {}

    /** Samples the model returns for {@code tokens} tokens at {@code durationScale}: see LENGTH_FORMULA. */
    public static long waveformLength(long tokens, float durationScale) {
        return (long) Math.floor((double) (tokens * SAMPLES_PER_TOKEN) * (double) durationScale);
    }

    static byte[] build() {
        Graph g = new Graph("tts_synth_tiny");
        V tokens = g.input("tokens", INT64, "B", "N");
        V tokenLengths = g.input("token_lengths", INT64, "B");
        V speaker = g.input("speaker", FLOAT, "B", (long) SPEAKER_DIM);
        V emotion = g.input("emotion", FLOAT, "B", (long) EMOTIONS.size());
        V scale = g.input("duration_scale", FLOAT, "B");
        Tables tab = new Tables(g);

        // Timing in float64 so that lengths and token boundaries are exact (see LENGTH_FORMULA).
        V scaleD = scale.cast(DOUBLE);
        V lengths = tokenLengths.mul(g.scalar((long) SAMPLES_PER_TOKEN)).cast(DOUBLE).mul(scaleD).floor().cast(INT64);
        V t = g.op("Range", g.scalar(0L), lengths.reduce("ReduceMax", false, 0), g.scalar(1L))
                .cast(DOUBLE).unsqueeze(0);                                            // [1,S]
        V tokenSamples = scaleD.mul(SAMPLES_PER_TOKEN).unsqueeze(1);                   // [B,1]
        V position = t.div(tokenSamples);                                              // [B,S]
        // Clamping only matters past a row's own length (masked below) but keeps Gather in range.
        V lastToken = g.op("Shape", Map.of("start", 1L, "end", 2L), tokens).sub(g.ints(1)).cast(DOUBLE);
        V tokenIndex = position.floor().min(lastToken);
        V x = position.sub(tokenIndex);                                                // 0..1 within token
        V ids = g.op("GatherElements", Map.of("axis", 1L), tokens, tokenIndex.cast(INT64));

        // Pitch, also in float64: phase is a running sum over the whole row, so the per-row factors
        // must come out bit-identical whatever else is in the batch.
        V speakerD = speaker.cast(DOUBLE);
        V emotionD = emotion.cast(DOUBLE);
        V baseF0 = dot(speakerD, tab.f0Direction).sigmoid().mul(180).add(90);          // [B,1] Hz
        V shift = dot(emotionD, tab.pitchShift);                                       // [B,1] semitones
        V range = dot(emotionD, tab.rangeWidening).add(1).max(g.scalar(0.25));
        V contour = g.op("Gather", tab.tone0, ids).add(x.mul(
                g.op("Gather", tab.tone1, ids).add(x.mul(g.op("Gather", tab.tone2, ids)))));
        V semitones = shift.add(range.mul(contour));
        V f0 = baseF0.mul(g.op("Pow", g.scalar(2.0), semitones.div(12)))
                .clip(g.scalar(40.0), g.scalar(900.0));                                // 12 partials < Nyquist
        V cycles = g.op("CumSum", f0.div(SAMPLE_RATE), g.scalar(1L));
        V phase = cycles.sub(cycles.floor()).cast(FLOAT).unsqueeze(2);                 // [B,S,1] in [0,1)
        V partials = phase.mul(tab.harmonicRadians).sin();                             // [B,S,H]

        // Amplitudes: speaker timbre x vowel colour (formant peaks at the partials' frequencies),
        // normalised to sum 1 so that |voice| <= 1.
        V timbre = g.op("Softmax", Map.of("axis", -1L), speaker.matmul(tab.timbre).add(tab.rolloff));
        V hz = f0.cast(FLOAT).unsqueeze(2).mul(tab.harmonicNumbers);                   // [B,S,H]
        V colour = peak(hz, g.op("Gather", tab.formant1, ids), 250)
                .add(peak(hz, g.op("Gather", tab.formant2, ids), 400).mul(0.6)).add(0.4);
        V amps = timbre.unsqueeze(1).mul(colour);                                      // [B,S,H]
        V voice = amps.mul(partials).reduce("ReduceSum", false, 2).div(amps.reduce("ReduceSum", false, 2));
        V u = x.mul(tokenSamples).cast(FLOAT);                                        // samples into token
        V voicedEnd = tokenSamples.cast(FLOAT).mul(g.op("Gather", tab.voicedFraction, ids));
        V envelope = u.min(voicedEnd.sub(u)).div(RAMP_SAMPLES).clip(g.scalar(0f), g.scalar(1f));
        V loudness = dot(emotion, tab.loudnessDb).mul(StrictMath.log(10) / 20).exp().mul(0.5).min(g.scalar(0.95f));
        V inside = t.less(lengths.cast(DOUBLE).unsqueeze(1));
        V voiced = voice.mul(envelope).mul(g.op("Gather", tab.gain, ids)).mul(loudness);
        V waveform = g.op("Where", inside, voiced, g.scalar(0f));                      // zeros past the end

        g.output("waveform", waveform, FLOAT, "B", "S");
        g.output("waveform_lengths", lengths, INT64, "B");
        return g.toModelBytes("tts-synth-tiny: deterministic harmonic stand-in for an IndexTTS-style synthesizer");
    }

    /** A formant resonance: exp(-((hz - centre) / width)^2), centre [B,S] per token. */
    private static V peak(V hz, V centre, double width) {
        V d = hz.sub(centre.unsqueeze(2)).div(width);
        return d.mul(d).mul(-1).exp();
    }

    /** Row-wise dot product with a vector, as Mul + ReduceSum so each row is summed on its own: [B,K]·[K] -> [B,1]. */
    private static V dot(V rows, V vector) {
        return rows.mul(vector).reduce("ReduceSum", true, 1);
    }

    /** The initializers: fixed seeded weights and per-vocabulary-entry lookup tables. */
    private static final class Tables {
        final V f0Direction, pitchShift, rangeWidening, loudnessDb, timbre, rolloff, harmonicNumbers, harmonicRadians;
        final V tone0, tone1, tone2, gain, voicedFraction, formant1, formant2;

        Tables(Graph g) {
            Random random = new Random(SEED);
            double[] direction = new double[SPEAKER_DIM];
            for (int i = 0; i < SPEAKER_DIM; i++) {
                direction[i] = random.nextGaussian();
            }
            float[] timbreWeights = new float[SPEAKER_DIM * HARMONICS];
            for (int i = 0; i < timbreWeights.length; i++) {
                timbreWeights[i] = (float) (0.5 * random.nextGaussian());
            }
            float[] roll = new float[HARMONICS];
            float[] numbers = new float[HARMONICS];
            float[] radians = new float[HARMONICS];
            for (int h = 0; h < HARMONICS; h++) {
                numbers[h] = h + 1;
                roll[h] = (float) -StrictMath.log(h + 1); // a 1/h source spectrum keeps the fundamental strong
                radians[h] = (float) (2 * StrictMath.PI * (h + 1));
            }
            f0Direction = g.table("speaker_f0_direction", direction, SPEAKER_DIM);
            pitchShift = g.table("emotion_pitch_shift", PITCH_SHIFT, PITCH_SHIFT.length);
            rangeWidening = g.table("emotion_range_widening", RANGE_WIDENING, RANGE_WIDENING.length);
            loudnessDb = g.table("emotion_loudness_db", LOUDNESS_DB, LOUDNESS_DB.length);
            timbre = g.table("speaker_timbre", timbreWeights, SPEAKER_DIM, HARMONICS);
            rolloff = g.table("timbre_rolloff", roll, HARMONICS);
            harmonicNumbers = g.table("harmonic_numbers", numbers, HARMONICS);
            harmonicRadians = g.table("harmonic_radians", radians, HARMONICS);

            List<String> vocab = Vocab.tokens();
            int n = vocab.size();
            double[][] poly = new double[3][n];
            float[] gains = new float[n];
            float[] voiced = new float[n];
            float[][] formants = new float[2][n];
            for (int id = 0; id < n; id++) {
                String token = vocab.get(id);
                int tone = Vocab.tone(token);
                double[] c = TONES[tone];
                // Quadratic through (0, start), (0.5, mid), (1, end), as p0 + p1 x + p2 x^2.
                poly[0][id] = c[0];
                poly[1][id] = -3 * c[0] + 4 * c[1] - c[2];
                poly[2][id] = 2 * c[0] - 4 * c[1] + 2 * c[2];
                boolean silent = token.equals(Vocab.PAD) || token.equals(Vocab.SIL);
                gains[id] = silent ? 0f : tone == 0 ? 0.8f : tone == 5 ? 0.7f : 1f;
                voiced[id] = tone == 5 ? 0.6f : 1f;
                float[] f = tone == 0 ? SCHWA : FORMANTS.get(Vocab.nucleus(token.substring(0, token.length() - 1)));
                formants[0][id] = f[0];
                formants[1][id] = f[1];
            }
            tone0 = g.table("tone_p0", poly[0], n);
            tone1 = g.table("tone_p1", poly[1], n);
            tone2 = g.table("tone_p2", poly[2], n);
            gain = g.table("token_gain", gains, n);
            voicedFraction = g.table("token_voiced_fraction", voiced, n);
            formant1 = g.table("token_formant1_hz", formants[0], n);
            formant2 = g.table("token_formant2_hz", formants[1], n);
        }
    }
}
