package org.ttsaudit.models;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.BOOL;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.ttsaudit.models.Graph.V;

/**
 * The synthesizer's autoregressive stage: a stack of gated recurrent layers stepped once per frame
 * edge in an ONNX {@code Loop}, each step reading the previous step's state and its own previous
 * output, as the GPT decoder of IndexTTS 2 reads back the tokens it emitted. It emits, per frame,
 * a pitch residual (semitones) and a loudness residual (dB), each bounded by tanh, which the
 * acoustic stage adds to the tone and emotion targets.
 *
 * <p>Its weights are seeded Gaussians, not trained: what it shares with a real decoder is the
 * shape of the compute. Per step and layer, one row is a matrix-vector product and a batch of rows
 * one matrix-matrix product on the same weights, and every step dispatches the same few dozen
 * small operators whatever the batch size; both are what micro-batching amortizes.
 */
final class ProsodyDecoder {
    static final int WIDTH = 64;
    static final int LAYERS = 12;
    /** Bounds of the residuals: pitch in semitones, loudness in dB; small, so tone and emotion targets hold. */
    static final double PITCH_RESIDUAL = 0.15;
    static final double ENERGY_RESIDUAL = 0.75;
    private static final int TOKEN_EMBEDDING = 32;
    private static final long SEED = 0x77A5_2025L;

    private final Graph g;
    private final V embedding, input, speakerInput, emotionInput, inputBias, feedback, initial;
    private final V[] normScale = new V[LAYERS + 1];
    private final V[] normBias = new V[LAYERS + 1];
    private final V[] recurrent = new V[LAYERS];
    private final V[] recurrentBias = new V[LAYERS];
    private final V[] projection = new V[LAYERS];
    private final V output, outputBias, bounds;

    /** {@code depth} scales the residuals: 1 for the bundled model, 0 to switch them off. */
    ProsodyDecoder(Graph g, int vocabSize, double depth) {
        this.g = g;
        Random w = new Random(SEED);
        embedding = g.table("decoder_token_embedding", gaussian(w, vocabSize * TOKEN_EMBEDDING, 1), vocabSize, TOKEN_EMBEDDING);
        input = g.table("decoder_input", gaussian(w, (TOKEN_EMBEDDING + 1) * WIDTH, 1 / Math.sqrt(TOKEN_EMBEDDING + 1)),
                TOKEN_EMBEDDING + 1, WIDTH);
        speakerInput = g.table("decoder_speaker", gaussian(w, SynthModel.SPEAKER_DIM * WIDTH, 1), SynthModel.SPEAKER_DIM, WIDTH);
        emotionInput = g.table("decoder_emotion", gaussian(w, SynthModel.EMOTIONS.size() * WIDTH, 1),
                SynthModel.EMOTIONS.size(), WIDTH);
        inputBias = g.table("decoder_input_bias", new float[WIDTH], WIDTH);
        feedback = g.table("decoder_feedback", gaussian(w, 2 * WIDTH, 1), 2, WIDTH);
        initial = g.table("decoder_initial", gaussian(w, SynthModel.SPEAKER_DIM * LAYERS * WIDTH, 1),
                SynthModel.SPEAKER_DIM, LAYERS * WIDTH);
        float[] ones = new float[WIDTH];
        Arrays.fill(ones, 1f);
        float[] keepBias = new float[2 * WIDTH];
        // A positive bias on the keep gate (the first half) makes the state move smoothly, over
        // about five frames, as prosody does.
        Arrays.fill(keepBias, 0, WIDTH, 1.5f);
        for (int l = 0; l <= LAYERS; l++) {
            normScale[l] = g.table("decoder_norm" + l + "_scale", ones, WIDTH);
            normBias[l] = g.table("decoder_norm" + l + "_bias", new float[WIDTH], WIDTH);
        }
        for (int l = 0; l < LAYERS; l++) {
            recurrent[l] = g.table("decoder_layer" + l + "_recurrent", gaussian(w, 2 * WIDTH * 2 * WIDTH,
                    1 / Math.sqrt(2 * WIDTH)), 2 * WIDTH, 2 * WIDTH);
            recurrentBias[l] = g.table("decoder_layer" + l + "_bias", keepBias, 2 * WIDTH);
            projection[l] = g.table("decoder_layer" + l + "_projection", gaussian(w, WIDTH * WIDTH,
                    0.5 / Math.sqrt(WIDTH)), WIDTH, WIDTH);
        }
        output = g.table("decoder_output", gaussian(w, WIDTH * 2, 1 / Math.sqrt(WIDTH)), WIDTH, 2);
        outputBias = g.table("decoder_output_bias", new float[2], 2);
        bounds = g.table("decoder_residual_bounds",
                new float[] {(float) (PITCH_RESIDUAL * depth), (float) (ENERGY_RESIDUAL * depth)}, 2);
    }

    /**
     * The residuals [B,E,2] for {@code steps} frame edges. Each edge's input is its token's
     * embedding and the position in the token ({@code ids}, {@code x}: [B,E]) plus the speaker and
     * the emotion, projected for all edges at once (as recurrent layers do); {@code batch} is any
     * [B] input, for the batch size.
     */
    V residuals(V ids, V x, V speaker, V emotion, V batch, V steps) {
        V features = g.op("Concat", Map.of("axis", 2L), g.op("Gather", embedding, ids), x.cast(FLOAT).unsqueeze(2));
        V conditioning = speaker.matmul(speakerInput).add(emotion.matmul(emotionInput)).add(inputBias);
        V inputs = features.matmul(input).add(conditioning.unsqueeze(1));              // [B,E,W]
        V state = g.op("Transpose", Map.of("perm", new long[] {1, 0, 2}),
                g.op("Reshape", speaker.matmul(initial).tanh(), g.ints(0, LAYERS, WIDTH)));  // [L,B,W]
        V emitted = g.op("ConstantOfShape", g.op("Concat", Map.of("axis", 0L), g.op("Shape", batch), g.ints(2))); // [B,2] zeros

        Graph step = g.body("decoder_step");
        V i = step.input("i", INT64);
        V condition = step.input("condition", BOOL);
        V states = step.input("states", FLOAT, (long) LAYERS, "B", (long) WIDTH);
        V previous = step.input("previous", FLOAT, "B", 2L);
        V h = step.op("Gather", Map.of("axis", 1L), inputs, i).add(previous.matmul(feedback));
        V[] next = new V[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            V own = step.op("Gather", Map.of("axis", 0L), states, step.scalar((long) l));
            V[] gates = step.ops("Split", 2, Map.of("axis", 1L, "num_outputs", 2L),
                    step.op("Concat", Map.of("axis", 1L), norm(step, h, l), own).matmul(recurrent[l]).add(recurrentBias[l]));
            V keep = gates[0].sigmoid();
            V candidate = gates[1].tanh();
            next[l] = candidate.add(keep.mul(own.sub(candidate)));
            h = h.add(next[l].matmul(projection[l]));                                  // residual stream
            next[l] = next[l].unsqueeze(0);
        }
        V out = norm(step, h, LAYERS).matmul(output).add(outputBias).tanh().mul(bounds);
        step.output(step.op("Identity", condition));
        step.output(step.op("Concat", Map.of("axis", 0L), next));
        step.output(out);
        step.output(step.op("Identity", out));
        V[] loop = g.loop(steps, step, 1, state, emitted);
        return g.op("Transpose", Map.of("perm", new long[] {1, 0, 2}), loop[2]);
    }

    private V norm(Graph step, V x, int index) {
        return step.op("LayerNormalization", Map.of("axis", -1L), x, normScale[index], normBias[index]);
    }

    static float[] gaussian(Random random, int size, double scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (scale * random.nextGaussian());
        }
        return values;
    }
}
