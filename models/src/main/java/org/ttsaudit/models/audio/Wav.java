package org.ttsaudit.models.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal RIFF/WAVE encoding (mono PCM16), decoding (PCM 8/16/24/32, float32, any channels),
 * {@code LIST}/{@code INFO} metadata and resampling. Readers walk the chunks: a header is not
 * always 44 bytes (our own clips carry a label before the samples).
 */
public final class Wav {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    /** A little-endian short at any byte offset of a byte[]: one store instead of two. */
    private static final VarHandle PCM16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

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
        // most of the CPU the operator spent outside the model on every clip. floor(x + 0.5) is
        // Math.round's definition, exact in double for a float; Java 17's Math.round(float) is not
        // compiled to one instruction, floor is: a 6 s clip of the Piper voice took 0.19 ms
        // instead of 0.29 ms (a probe of 2026-12-03 on a 2-core AMD EPYC), same bytes.
        byte[] wav = b.array();
        int at = 44;
        for (float s : samples) {
            PCM16.set(wav, at, (short) Math.floor((s > 1f ? 1f : s < -1f ? -1f : s) * 32767f + 0.5d));
            at += 2;
        }
        return wav;
    }

    public static Decoded decode(byte[] wav) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int format = -1, channels = 0, rate = 0, bits = 0;
        for (Chunk chunk : chunks(wav)) {
            int body = chunk.offset;
            long size = chunk.length;
            if (chunk.id.equals("fmt ")) {
                if (size < 16) {
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
            } else if (chunk.id.equals("data")) {
                if (format < 0) {
                    throw new WavFormatException("data chunk before fmt chunk");
                }
                if (rate <= 0) {
                    throw new WavFormatException("invalid sample rate " + rate);
                }
                return new Decoded(samples(b, body, (int) size, format, channels, bits), rate, channels, bits);
            }
        }
        throw new WavFormatException(format < 0 ? "no fmt chunk" : "no data chunk");
    }

    /** Where the samples are: the body of the data chunk, wherever it sits among the other chunks. */
    public static Chunk data(byte[] wav) throws WavFormatException {
        for (Chunk chunk : chunks(wav)) {
            if (chunk.id.equals("data")) {
                return chunk;
            }
        }
        throw new WavFormatException("no data chunk");
    }

    /**
     * A copy of {@code wav} with a {@code LIST}/{@code INFO} chunk of {@code info} (four-letter ids
     * such as {@code ICMT}, UTF-8 text) just before the data chunk: there, readers that stream and stop
     * at the samples (ffprobe, exiftool, mediainfo, browsers) see it too.
     */
    public static byte[] withInfo(byte[] wav, Map<String, String> info) throws WavFormatException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.writeBytes(ascii("INFO"));
        info.forEach((id, text) -> {
            if (id.length() != 4 || !US_ASCII.newEncoder().canEncode(id)) {
                throw new IllegalArgumentException("INFO ids are four ASCII letters, got '" + id + "'");
            }
            byte[] value = (text + "\0").getBytes(UTF_8); // INFO strings end with a NUL
            list.writeBytes(ascii(id));
            list.writeBytes(le32(value.length));
            list.writeBytes(value);
            if ((value.length & 1) == 1) {
                list.write(0);
            }
        });
        int at = data(wav).offset - 8;
        byte[] body = list.toByteArray();
        byte[] out = new byte[wav.length + 8 + body.length];
        System.arraycopy(wav, 0, out, 0, at);
        System.arraycopy(ascii("LIST"), 0, out, at, 4);
        System.arraycopy(le32(body.length), 0, out, at + 4, 4);
        System.arraycopy(body, 0, out, at + 8, body.length);
        System.arraycopy(wav, at, out, at + 8 + body.length, wav.length - at);
        System.arraycopy(le32(out.length - 8), 0, out, 4, 4);
        return out;
    }

    /** The entries of the first {@code LIST}/{@code INFO} chunk, trailing NULs removed; empty if there is none. */
    public static Map<String, String> info(byte[] wav) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        for (Chunk chunk : chunks(wav)) {
            if (chunk.id.equals("LIST") && chunk.length >= 4 && tag(b, chunk.offset).equals("INFO")) {
                Map<String, String> entries = new LinkedHashMap<>();
                int end = chunk.offset + chunk.length;
                int pos = chunk.offset + 4;
                while (pos + 8 <= end) {
                    String id = tag(b, pos);
                    int size = b.getInt(pos + 4);
                    if (size < 0 || pos + 8 + size > end) {
                        throw new WavFormatException("truncated INFO entry " + id);
                    }
                    int len = size;
                    while (len > 0 && wav[pos + 8 + len - 1] == 0) {
                        len--;
                    }
                    entries.putIfAbsent(id, new String(wav, pos + 8, len, UTF_8));
                    pos += 8 + size + (size & 1);
                }
                return entries;
            }
        }
        return Map.of();
    }

    /** A chunk's four-letter id and its body: {@code length} bytes from {@code offset}. */
    public record Chunk(String id, int offset, int length) {}

    /**
     * The chunks of a RIFF/WAVE file in order. A fmt or data chunk that runs past the end of the file
     * is an error; any other stops the walk there, so a clip with a cut-off chunk after its samples
     * (a tag editor, a recorder that stopped) still decodes.
     */
    private static List<Chunk> chunks(byte[] wav) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new WavFormatException("not a RIFF/WAVE file");
        }
        List<Chunk> chunks = new ArrayList<>();
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (body + size > wav.length) {
                if (!id.equals("fmt ") && !id.equals("data")) {
                    break;
                }
                throw new WavFormatException("truncated " + id.strip() + " chunk: " + size + " bytes declared, "
                        + (wav.length - body) + " present");
            }
            chunks.add(new Chunk(id, body, (int) size));
            pos = (int) Math.min(wav.length, body + size + (size & 1)); // chunks are padded to even sizes
        }
        return chunks;
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

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
