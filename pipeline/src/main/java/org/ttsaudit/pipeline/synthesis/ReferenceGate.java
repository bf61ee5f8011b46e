package org.ttsaudit.pipeline.synthesis;

import java.io.Serializable;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * What a reference clip must be to clone a voice from: long enough, not silent, not clipped, not
 * noisy. A clip that fails ends its request as rejected, with a message that says what kind of
 * clip to upload instead; a voice cloned from 1 s of noisy audio does not sound like its speaker.
 *
 * @param minDurationMs refaudio.min-duration-ms; never below the speaker encoder's own minimum
 * @param minSnrDb refaudio.min-snr-db, on {@link ReferenceQuality#snrDb}'s scale: clean test voices
 *     read 47..53 dB, and white noise added at a true SNR of 20, 15 and 13 dB reads 23.3..24.2,
 *     18.3..19.3 and 16.4..17.3 (ReferenceGateTest measures and prints it)
 */
public record ReferenceGate(int minDurationMs, double minSnrDb) implements Serializable {
    /** Quieter than this is no speech at all. */
    private static final double MIN_RMS_DBFS = -50.0;
    private static final double MAX_CLIPPED_FRACTION = 0.01;
    private static final String WHAT_TO_UPLOAD = "upload 5 s or more of one person speaking clearly, recorded close to"
            + " the microphone in a quiet room, without music or other voices";

    public ReferenceGate {
        if (minDurationMs < 0) {
            throw new IllegalArgumentException("refaudio.min-duration-ms must be >= 0, got " + minDurationMs);
        }
    }

    /** Throws the first reason the clip is unusable; {@code encoderMinMs} is the speaker encoder's own minimum. */
    void check(ReferenceQuality quality, int encoderMinMs) throws RequestException {
        int minMs = Math.max(minDurationMs, encoderMinMs);
        if (quality.durationMs() < minMs) {
            throw new RequestException(ErrorCode.REF_AUDIO_TOO_SHORT, "reference clip is " + quality.durationMs()
                    + " ms; give at least " + minMs + " ms of speech: " + WHAT_TO_UPLOAD);
        }
        if (quality.rmsDbfs() < MIN_RMS_DBFS) {
            throw new RequestException(ErrorCode.REF_AUDIO_SILENT, "reference clip is silent ("
                    + Math.round(quality.rmsDbfs()) + " dBFS); " + WHAT_TO_UPLOAD);
        }
        if (quality.clippedFraction() > MAX_CLIPPED_FRACTION) {
            throw new RequestException(ErrorCode.REF_AUDIO_CLIPPED, String.format(
                    "reference clip is clipped (%.1f%% of samples at full scale); record it at a lower level",
                    100 * quality.clippedFraction()));
        }
        if (quality.snrDb() < minSnrDb) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOISY, String.format(
                    "reference clip is noisy (speech %.1f dB above the noise in its pauses; at least %.1f dB needed): %s",
                    quality.snrDb(), minSnrDb, WHAT_TO_UPLOAD));
        }
    }
}
