package org.ttsaudit.pipeline.synthesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A synthesizer call's output, checked before any of it is stored: padded rows and each row's own
 * length, one row per request of the call. A model that returns another shape or type, or samples
 * that are not finite, fails the requests concerned with {@code INFERENCE_BAD_OUTPUT} rather than
 * storing noise as a success or failing the whole job.
 */
final class Waveforms {
    /** Each row as the model returned it, padded; read when asked (see {@link #unread}). */
    private final List<Supplier<float[]>> rows;
    private final long[] lengths;

    private Waveforms(List<Supplier<float[]>> rows, long[] lengths) {
        this.rows = rows;
        this.lengths = lengths;
    }

    /** Thrown for an output of the wrong type or shape: the model is faulty, a retry will not help. */
    static final class BadOutputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOutputException(String message) {
            super(message);
        }
    }

    /** The model's {@code waveform} and {@code waveform_lengths} values, for a call of {@code rows} requests. */
    static Waveforms of(Object waveform, Object lengths, int rows) {
        if (!(waveform instanceof float[][] padded) || !(lengths instanceof long[] lens)) {
            throw new BadOutputException("the model returned " + type(waveform) + " and " + type(lengths)
                    + " where float[rows][samples] and long[rows] were expected");
        }
        if (padded.length != rows || lens.length != rows) {
            throw new BadOutputException("the model returned " + padded.length + " waveforms and " + lens.length
                    + " lengths for " + rows + " requests");
        }
        for (int r = 0; r < rows; r++) {
            if (lens[r] < 0 || padded[r] == null || lens[r] > padded[r].length) {
                throw new BadOutputException("the model returned a length of " + lens[r] + " for a waveform of "
                        + (padded[r] == null ? 0 : padded[r].length) + " samples");
            }
        }
        List<Supplier<float[]>> rowList = new ArrayList<>(rows);
        for (float[] row : padded) {
            rowList.add(() -> row); // holds its own row only, not the call's others
        }
        return new Waveforms(rowList, lens);
    }

    /**
     * Rows still in the model's memory, each read by its supplier, of {@code lengths} samples
     * (unpadded): a call's output copied into the JVM on the storing thread, not on the model's.
     */
    static Waveforms unread(List<Supplier<float[]>> rows, long[] lengths) {
        return new Waveforms(List.copyOf(rows), lengths.clone());
    }

    /** Row {@code r} as the model returned it (padded), read when the supplier is called. */
    Supplier<float[]> row(int r) {
        return rows.get(r);
    }

    long length(int r) {
        return lengths[r];
    }

    /** Row {@code r} without its padding; null when a sample is NaN or infinite: such a clip is no audio. */
    float[] clip(int r) {
        return clip(rows.get(r).get(), lengths[r]);
    }

    /** A padded row cut to its {@code length} (the row itself when it has no padding); null when a sample is NaN or infinite. */
    static float[] clip(float[] padded, long length) {
        float[] clip = length == padded.length ? padded : Arrays.copyOf(padded, (int) length);
        for (float sample : clip) {
            if (!Float.isFinite(sample)) {
                return null;
            }
        }
        return clip;
    }

    private static String type(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }
}
