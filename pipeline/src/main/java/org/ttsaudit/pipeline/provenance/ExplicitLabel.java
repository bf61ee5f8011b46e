package org.ttsaudit.pipeline.provenance;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The audible AI label (labels.explicit): a short rhythm cue before or after the speech, for
 * platforms that choose to label generated audio explicitly as well as in its metadata. The cue is
 * a 1 kHz tone in the rhythm short-long, short-short (the letters A and I in Morse code) on a
 * 100 ms unit, 1.1 s long, then 0.3 s of silence between it and the speech; peaks at -12 dBFS, with
 * 5 ms ramps so its edges do not click.
 */
public enum ExplicitLabel {
    NONE,
    START,
    END;

    static final double UNIT_SECONDS = 0.1;
    static final double TONE_HZ = 1000;
    static final double PEAK = 0.25;
    static final double GAP_SECONDS = 0.3;
    private static final double RAMP_SECONDS = 0.005;
    /** On and off lengths in units: A (short, long), a letter gap, I (short, short). */
    static final int[] RHYTHM = {1, 1, 3, 3, 1, 1, 1};

    /** {@code none}, {@code start} or {@code end}, as labels.explicit and the audit row spell it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExplicitLabel parse(String value) {
        for (ExplicitLabel label : values()) {
            if (label.value().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
                return label;
            }
        }
        throw new IllegalArgumentException("labels.explicit must be one of " + Arrays.stream(values())
                .map(ExplicitLabel::value).collect(Collectors.joining(", ")) + "; got '" + value + "'");
    }

    /**
     * The speech with the cue where this placement puts it (START: rhythm, gap, speech; END:
     * speech, gap, rhythm); the speech itself when NONE.
     */
    public float[] apply(float[] speech, int sampleRate) {
        if (this == NONE) {
            return speech;
        }
        float[] rhythm = rhythm(sampleRate);
        float[] out = new float[rhythm.length + (int) Math.round(GAP_SECONDS * sampleRate) + speech.length];
        if (this == START) {
            System.arraycopy(rhythm, 0, out, 0, rhythm.length);
            System.arraycopy(speech, 0, out, out.length - speech.length, speech.length);
        } else {
            System.arraycopy(speech, 0, out, 0, speech.length);
            System.arraycopy(rhythm, 0, out, out.length - rhythm.length, rhythm.length);
        }
        return out;
    }

    /** The tones and the silences between them, without the gap to the speech. */
    static float[] rhythm(int sampleRate) {
        int unit = (int) Math.round(UNIT_SECONDS * sampleRate);
        int ramp = Math.max(1, (int) Math.round(RAMP_SECONDS * sampleRate));
        float[] rhythm = new float[Arrays.stream(RHYTHM).sum() * unit];
        int at = 0;
        for (int k = 0; k < RHYTHM.length; k++) {
            int length = RHYTHM[k] * unit;
            if (k % 2 == 0) {
                for (int i = 0; i < length; i++) {
                    double edge = Math.min(1, Math.min(i, length - 1 - i) / (double) ramp);
                    rhythm[at + i] = (float) (PEAK * edge * Math.sin(2 * Math.PI * TONE_HZ * i / sampleRate));
                }
            }
            at += length;
        }
        return rhythm;
    }
}
