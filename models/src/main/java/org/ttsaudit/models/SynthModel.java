package org.ttsaudit.models;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.DOUBLE;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ttsaudit.models.Graph.V;

/**
 * The tiny synthesizer, shaped like IndexTTS 2 in miniature: an autoregressive prosody decoder
 * (a stack of gated recurrent layers with shared weight matrices, stepped frame by frame in an ONNX
 * {@code Loop}, each step reading its own previous output) followed by a frame-rate acoustic stage
 * and a sample-rate source. It is batched and fully dynamic (B rows, N tokens); pitch follows
 * speaker, emotion, Mandarin tone and the decoder; length depends on the duration scale only.
 * The constants and {@link #waveformLength} are its contract, also written to {@code synth.json}.
 */
public final class SynthModel {
    public static final String VERSION = "2.0.0";
    public static final int SAMPLE_RATE = 22050;
    public static final int SAMPLES_PER_TOKEN = 4410;
    public static final int SPEAKER_DIM = 64;
    /** Samples per decoder frame (11.6 ms): the decoder steps, and pitch and timbre are set, at this rate. */
    public static final int HOP = 256;
    public static final List<String> EMOTIONS =
            List.of("happy", "angry", "sad", "afraid", "disgusted", "melancholic", "surprised", "calm");
    static final String LENGTH_FORMULA = "waveform_lengths[b] = floor(double(token_lengths[b] * 4410)"
            + " * double(duration_scale[b])), exact in float64 (an integer below 2^29 times a float32),"
            + " so Math.floor((double) (n * 4410L) * (double) scale) reproduces it;"
            + " sample t belongs to token floor(t / (4410.0 * double(duration_scale[b]))), duration_scale in 0.25..4";

    private static final int HARMONICS = 12;
    /** Points per cycle of each frame's wavetable; linear interpolation keeps partial errors near 1 %. */
    private static final int TABLE = 256;
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
        return build(1.0);
    }

    /**
     * {@code decoderDepth} scales the decoder's residuals: 1 is the bundled model, 0 the same graph
     * with the residuals switched off (the tests compare the two to show what the decoder does).
     */
    static byte[] build(double decoderDepth) {
        Graph g = new Graph("tts_synth_tiny");
        V tokens = g.input("tokens", INT64, "B", "N");
        V tokenLengths = g.input("token_lengths", INT64, "B");
        V speaker = g.input("speaker", FLOAT, "B", (long) SPEAKER_DIM);
        V emotion = g.input("emotion", FLOAT, "B", (long) EMOTIONS.size());
        V scale = g.input("duration_scale", FLOAT, "B");
        Tables tab = new Tables(g);

        // Timing, in float64 where it must be exact (see LENGTH_FORMULA), on the frame edges
        // 0, HOP, 2 HOP, ...: F frames cover the longest row, F + 1 edges bound them.
        V scaleD = scale.cast(DOUBLE);
        V lengths = tokenLengths.mul(g.scalar((long) SAMPLES_PER_TOKEN)).cast(DOUBLE).mul(scaleD).floor().cast(INT64);
        V longest = lengths.reduce("ReduceMax", false, 0);
        V frames = longest.add(g.scalar(HOP - 1L)).div(g.scalar((long) HOP));
        V edgeCount = frames.add(g.scalar(1L));
        V edges = g.op("Range", g.scalar(0L), edgeCount, g.scalar(1L)).cast(DOUBLE).mul(HOP).unsqueeze(0); // [1,E]
        V tokenSamples = scaleD.mul(SAMPLES_PER_TOKEN).unsqueeze(1);                   // [B,1]
        // Past a row's own length (masked below) the row's last token goes on, whatever the padding,
        // so that a row comes out the same in any batch.
        V lastToken = tokenLengths.sub(g.scalar(1L)).cast(DOUBLE).unsqueeze(1);        // [B,1]
        V position = edges.div(tokenSamples);                                          // [B,E] in tokens
        V token = position.floor().min(lastToken);                                     // token at each edge
        V x = position.sub(token);                                                     // position in it, 0..1
        V ids = g.op("GatherElements", Map.of("axis", 1L), tokens, token.cast(INT64));

        V prosody = new ProsodyDecoder(g, Vocab.tokens().size(), decoderDepth)
                .residuals(ids, x, speaker, emotion, scale, edgeCount);                // [B,E,2]

        // Pitch at each edge, in float64: phase is a running sum over the row, so the per-row
        // factors must come out the same whatever else is in the batch.
        V speakerD = speaker.cast(DOUBLE);
        V emotionD = emotion.cast(DOUBLE);
        V baseF0 = dot(speakerD, tab.f0Direction).sigmoid().mul(180).add(90);          // [B,1] Hz
        V shift = dot(emotionD, tab.pitchShift);                                       // [B,1] semitones
        V range = dot(emotionD, tab.rangeWidening).add(1).max(g.scalar(0.25));
        V contour = g.op("Gather", tab.tone0, ids).add(x.mul(
                g.op("Gather", tab.tone1, ids).add(x.mul(g.op("Gather", tab.tone2, ids)))));
        V residual = g.op("Gather", Map.of("axis", 2L), prosody, g.scalar(0L)).cast(DOUBLE);
        V semitones = shift.add(range.mul(contour)).add(residual);
        V f0 = baseF0.mul(g.op("Pow", g.scalar(2.0), semitones.div(12)))
                .clip(g.scalar(40.0), g.scalar(900.0));                                // 12 partials < Nyquist

        // Pitch glides linearly across a frame, so the phase at offset n in frame f is the quadratic
        // start[f] + f0[f] n / SR + (f0[f+1] - f0[f]) n^2 / (2 HOP SR). The frames' start phases are
        // a running sum in float64, wrapped to one cycle, so float32 is exact enough inside a frame.
        V f0Start = f0.slice(1, 0, -1);                                                // [B,F]
        V f0End = f0.slice(1, 1, Long.MAX_VALUE);
        V cycles = f0Start.add(f0End).mul(HOP / (2.0 * SAMPLE_RATE));
        V start = g.op("CumSum", Map.of("exclusive", 1L), cycles, g.scalar(1L));
        V point = frameQuadratic(
                start.sub(start.floor()).mul(TABLE),
                f0Start.mul((double) TABLE / SAMPLE_RATE),
                f0End.sub(f0Start).mul(TABLE / (2.0 * HOP * SAMPLE_RATE)), tab);       // [B,F,HOP] in table points

        // Each frame's waveform is one cycle of its partials, precomputed as a wavetable (a MatMul of
        // the frame's amplitudes with sin(2 pi h m / TABLE)) and read with linear interpolation:
        // two lookups per sample instead of a sine per partial.
        V idsF = ids.slice(1, 0, -1);
        V timbre = g.op("Softmax", Map.of("axis", -1L), speaker.matmul(tab.timbre).add(tab.rolloff)); // [B,H]
        V hz = f0Start.cast(FLOAT).unsqueeze(2).mul(tab.harmonicNumbers);              // [B,F,H]
        V colour = peak(hz, g.op("Gather", tab.formant1, idsF), 250)
                .add(peak(hz, g.op("Gather", tab.formant2, idsF), 400).mul(0.6)).add(0.4);
        V amps = timbre.unsqueeze(1).mul(colour);
        V energy = g.op("Gather", Map.of("axis", 2L), prosody, g.scalar(1L)).slice(1, 0, -1);
        V level = dot(emotion, tab.loudnessDb).add(energy).mul(StrictMath.log(10) / 20).exp().mul(0.5)
                .min(g.scalar(0.95f));                                                 // [B,F]
        V weights = amps.div(amps.reduce("ReduceSum", true, 2)).mul(level.unsqueeze(2)); // sum to level <= 0.95
        V index = point.floor();
        V at = g.op("BitwiseAnd", index.cast(INT32), g.scalar(TABLE - 1));           // wrapped to one cycle
        V voice = g.op("GatherElements", Map.of("axis", 2L), weights.matmul(tab.wavetable), at).add(
                point.sub(index).mul(g.op("GatherElements", Map.of("axis", 2L), weights.matmul(tab.wavetableSlope), at)));

        V waveform = envelope(g, tab, tokens, ids, token, edges, tokenSamples, lastToken, lengths).mul(voice);
        V flat = g.op("Reshape", waveform, g.ints(0, -1));                             // [B,F*HOP]
        g.output("waveform", g.op("Slice", flat, g.ints(0), longest.unsqueeze(0), g.ints(1)), FLOAT, "B", "S");
        g.output("waveform_lengths", lengths, INT64, "B");
        g.output("prosody", prosody, FLOAT, "B", "E", 2L);
        return g.toModelBytes("tts-synth-tiny " + VERSION + ": autoregressive prosody decoder and harmonic source,"
                + " a synthetic-weight stand-in for an IndexTTS-style synthesizer");
    }

    /** a + b n + c n^2 for the sample offsets n = 0..HOP-1 of each frame: [B,F] coefficients -> [B,F,HOP] float32. */
    private static V frameQuadratic(V a, V b, V c, Tables tab) {
        return a.cast(FLOAT).unsqueeze(2).add(b.cast(FLOAT).unsqueeze(2).mul(tab.offsets))
                .add(c.cast(FLOAT).unsqueeze(2).mul(tab.offsetsSquared));
    }

    /**
     * Per sample: a 10 ms attack and release at each token's edges, the token's gain (zero for
     * pauses), the neutral tone's shorter voicing, and exact zeros past the row's length. A frame
     * holds at most one token boundary (a token lasts >= 1102 samples), so a sample takes its
     * values from the frame's first token or from the next one. Offsets are small, so float32 is
     * exact where it matters: the boundary sample is an integer found in float64.
     */
    private static V envelope(Graph g, Tables tab, V tokens, V ids, V token, V edges, V tokenSamples, V lastToken, V lengths) {
        V tokenF = token.slice(1, 0, -1);
        V edgeF = edges.slice(1, 0, -1);
        V into = edgeF.sub(tokenF.mul(tokenSamples));                                  // samples into the token at the frame start
        V boundary = tokenSamples.sub(into).ceil();                                    // first offset in the next token
        V nextIds = g.op("GatherElements", Map.of("axis", 1L), tokens, tokenF.add(1).min(lastToken).cast(INT64));
        V idsF = ids.slice(1, 0, -1);
        V next = tab.offsets.greaterOrEqual(frameValue(boundary));                     // [B,F,HOP]
        // In samples, not ramp units, so that a voicing end that falls on a sample gives exactly zero there.
        V u = tab.offsets.add(g.op("Where", next, frameValue(into.sub(tokenSamples)), frameValue(into)));
        V voicedEnd = g.op("Where", next, voicedSamples(g, tab, nextIds, tokenSamples), voicedSamples(g, tab, idsF, tokenSamples));
        V gain = g.op("Where", next, frameValue(g.op("Gather", tab.gain, nextIds)), frameValue(g.op("Gather", tab.gain, idsF)));
        // The samples left in the row, as a third bound, give exact zeros past its end (never less
        // than one ramp before it, so they do not fade the last token).
        V left = frameValue(lengths.cast(DOUBLE).unsqueeze(1).sub(edgeF).mul(RAMP_SAMPLES)).sub(tab.offsetsTimesRamp);
        return u.min(voicedEnd.sub(u)).min(left).mul((float) (1 / RAMP_SAMPLES)).clip(g.scalar(0f), g.scalar(1f)).mul(gain);
    }

    /** A token's voiced length in samples. */
    private static V voicedSamples(Graph g, Tables tab, V tokenIds, V tokenSamples) {
        return frameValue(g.op("Gather", tab.voicedFraction, tokenIds).cast(DOUBLE).mul(tokenSamples));
    }

    /** A per-frame value [B,F] as float32 [B,F,1], to broadcast over the frame's samples. */
    private static V frameValue(V perFrame) {
        return perFrame.cast(FLOAT).unsqueeze(2);
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
        final V f0Direction, pitchShift, rangeWidening, loudnessDb, timbre, rolloff, harmonicNumbers;
        final V tone0, tone1, tone2, gain, voicedFraction, formant1, formant2;
        final V offsets, offsetsSquared, offsetsTimesRamp, wavetable, wavetableSlope;

        Tables(Graph g) {
            Random random = new Random(SEED);
            double[] direction = new double[SPEAKER_DIM];
            for (int i = 0; i < SPEAKER_DIM; i++) {
                direction[i] = random.nextGaussian();
            }
            float[] timbreWeights = ProsodyDecoder.gaussian(random, SPEAKER_DIM * HARMONICS, 0.5);
            float[] roll = new float[HARMONICS];
            float[] numbers = new float[HARMONICS];
            for (int h = 0; h < HARMONICS; h++) {
                numbers[h] = h + 1;
                roll[h] = (float) -StrictMath.log(h + 1); // a 1/h source spectrum keeps the fundamental strong
            }
            f0Direction = g.table("speaker_f0_direction", direction, SPEAKER_DIM);
            pitchShift = g.table("emotion_pitch_shift", PITCH_SHIFT, PITCH_SHIFT.length);
            rangeWidening = g.table("emotion_range_widening", RANGE_WIDENING, RANGE_WIDENING.length);
            loudnessDb = g.table("emotion_loudness_db", LOUDNESS_DB, LOUDNESS_DB.length);
            timbre = g.table("speaker_timbre", timbreWeights, SPEAKER_DIM, HARMONICS);
            rolloff = g.table("timbre_rolloff", roll, HARMONICS);
            harmonicNumbers = g.table("harmonic_numbers", numbers, HARMONICS);

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

            float[] n1 = new float[HOP];
            float[] n2 = new float[HOP];
            float[] nr = new float[HOP];
            for (int i = 0; i < HOP; i++) {
                n1[i] = i;
                n2[i] = (float) i * i;
                nr[i] = (float) (i * RAMP_SAMPLES);
            }
            offsets = g.table("frame_offsets", n1, HOP);
            offsetsSquared = g.table("frame_offsets_squared", n2, HOP);
            offsetsTimesRamp = g.table("frame_offsets_times_ramp", nr, HOP);
            float[] sines = new float[HARMONICS * TABLE];
            float[] slopes = new float[HARMONICS * TABLE];
            for (int h = 0; h < HARMONICS; h++) {
                for (int m = 0; m < TABLE; m++) {
                    double here = StrictMath.sin(2 * StrictMath.PI * (h + 1) * m / TABLE);
                    double next = StrictMath.sin(2 * StrictMath.PI * (h + 1) * (m + 1) / TABLE);
                    sines[h * TABLE + m] = (float) here;
                    slopes[h * TABLE + m] = (float) (next - here);
                }
            }
            wavetable = g.table("wavetable_partials", sines, HARMONICS, TABLE);
            wavetableSlope = g.table("wavetable_slopes", slopes, HARMONICS, TABLE);
        }
    }
}
