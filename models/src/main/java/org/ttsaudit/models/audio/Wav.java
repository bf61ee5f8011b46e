package org.ttsaudit.models.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal RIFF/WAVE encoding (mono PCM16), decoding (PCM 8/16/24/32, float32, any channels) and resampling. */
public final class Wav {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    /** Decoded audio, downmixed to mono; the other fields describe the file as it was. */
    public record Decoded(float[] samples, int sampleRate, int channels, int bitsPerSample) {
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    private Wav() {}

    /** Mono 16-bit PCM WAV; samples are clamped to [-1, 1]. */
    public static byte[] encodePcm16(float[] samples, int sampleRate) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) PCM).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(ascii("data")).putInt(dataBytes);
        // Straight into the array: a ByteBuffer put per sample (its position and bounds checks) was
        // most of the CPU the operator spent outside the model on every clip.
        byte[] wav = b.array();
        int at = 44;
        for (float s : samples) {
            int v = Math.round((s > 1f ? 1f : s < -1f ? -1f : s) * 32767f);
            wav[at++] = (byte) v;
            wav[at++] = (byte) (v >> 8);
        }
        return wav;
    }

    public static Decoded decode(byte[] wav) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new WavFormatException("not a RIFF/WAVE file");
        }
        int format = -1, channels = 0, rate = 0, bits = 0;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + size > wav.length) {
                    throw new WavFormatException("truncated fmt chunk");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == EXTENSIBLE) {
                    if (size < 40) {
                        throw new WavFormatException("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk");
                    }
                    format = b.getShort(body + 24) & 0xFFFF; // first two bytes of the sub-format GUID
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new WavFormatException("data chunk before fmt chunk");
                }
                if (rate <= 0) {
                    throw new WavFormatException("invalid sample rate " + rate);
                }
                if (body + size > wav.length) {
                    throw new WavFormatException("truncated data chunk: " + size + " bytes declared, "
                            + (wav.length - body) + " present");
                }
                return new Decoded(samples(b, body, (int) size, format, channels, bits), rate, channels, bits);
            }
            pos = (int) Math.min(wav.length, body + size + (size & 1)); // chunks are padded to even sizes
        }
        throw new WavFormatException(format < 0 ? "no fmt chunk" : "no data chunk");
    }

    private static float[] samples(ByteBuffer b, int start, int size, int format, int channels, int bits)
            throws WavFormatException {
        boolean pcm = format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == IEEE_FLOAT && bits == 32;
        if (!pcm && !flt) {
            throw new WavFormatException("unsupported WAV encoding: format tag " + format + ", " + bits + " bits");
        }
        if (channels < 1) {
            throw new WavFormatException("no channels");
        }
        int width = bits / 8;
        int frames = size / (width * channels);
        float[] mono = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = start + (f * channels + c) * width;
                sum += flt ? b.getFloat(p) : switch (bits) {
                    case 8 -> ((b.get(p) & 0xFF) - 128) / 128.0;
                    case 16 -> b.getShort(p) / 32768.0;
                    case 24 -> ((b.get(p) & 0xFF) | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) << 16) / 8388608.0;
                    default -> b.getInt(p) / 2147483648.0;
                };
            }
            mono[f] = (float) (sum / channels);
        }
        return mono;
    }

    /** Linear-interpolation resampling; enough for reference clips (no anti-alias filter). */
    public static float[] resample(float[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        if (from == to || x.length == 0) {
            return x.clone();
        }
        float[] y = new float[(int) Math.round((double) x.length * to / from)];
        for (int i = 0; i < y.length; i++) {
            double p = (double) i * from / to;
            int j = Math.min((int) p, x.length - 1);
            double frac = p - j;
            float next = x[Math.min(j + 1, x.length - 1)];
            y[i] = (float) (x[j] + frac * (next - x[j]));
        }
        return y;
    }

    private static String tag(ByteBuffer b, int pos) {
        byte[] t = new byte[4];
        b.get(pos, t);
        return new String(t, US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
