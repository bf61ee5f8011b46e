package org.ttsaudit.models.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavTest {
    private static final float[] RAMP = {0f, 0.5f, -0.5f, 0.25f, -1f, 0.999f};

    /** A WAV file with the given fmt fields, an optional extra chunk before "data", and raw sample bytes. */
    private static byte[] wav(int tag, int channels, int bits, boolean extensible, byte[] data, String extraChunk) {
        int fmtSize = extensible ? 40 : 16;
        int extra = extraChunk == null ? 0 : 8 + 3 + 1; // 3-byte body, padded to even
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + extra + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(b.capacity() - 8).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels)
                .putInt(16000).putInt(16000 * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) tag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        if (extraChunk != null) {
            b.put(ascii(extraChunk)).putInt(3).put(new byte[] {1, 2, 3, 0});
        }
        b.put(ascii("data")).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void pcm16RoundTrip() throws WavFormatException {
        float[] x = VoiceClips.voice(1, 0.2, 22050);
        Wav.Decoded d = Wav.decode(Wav.encodePcm16(x, 22050));
        assertThat(d.sampleRate()).isEqualTo(22050);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.bitsPerSample()).isEqualTo(16);
        assertThat(d.samples()).hasSameSizeAs(x);
        for (int i = 0; i < x.length; i++) {
            assertThat(d.samples()[i]).isCloseTo(x[i], within(1.5f / 32768));
        }
        assertThat(d.seconds()).isCloseTo(0.2, within(1e-4));
    }

    @Test
    void encodesSamplesAsLittleEndianSixteenBit() {
        byte[] wav = Wav.encodePcm16(new float[] {0.5f, -0.5f, 1f, -1f, Float.NaN, 0.25f}, 8000);
        assertThat(wav).hasSize(44 + 12);
        assertThat(java.util.Arrays.copyOfRange(wav, 44, 56)).containsExactly(
                0x00, 0x40, 0x01, 0xC0, 0xFF, 0x7F, 0x01, 0x80, 0x00, 0x00, 0x00, 0x20);
    }

    @Test
    void encodingClampsToFullScale() throws WavFormatException {
        float[] d = Wav.decode(Wav.encodePcm16(new float[] {2f, -3f}, 8000)).samples();
        assertThat(d[0]).isCloseTo(1f, within(1e-4f));
        assertThat(d[1]).isCloseTo(-1f, within(1e-4f));
    }

    @Test
    void decodesEightBitUnsigned() throws WavFormatException {
        byte[] data = new byte[RAMP.length];
        for (int i = 0; i < RAMP.length; i++) {
            data[i] = (byte) Math.round(128 + Math.max(-128, Math.min(127, RAMP[i] * 128)));
        }
        assertDecodes(wav(1, 1, 8, false, data, null), 1.0f / 128);
    }

    @Test
    void decodesTwentyFourBitWithUnknownChunk() throws WavFormatException {
        ByteBuffer b = buffer(RAMP.length * 3);
        for (float v : RAMP) {
            int s = Math.round(v * 8388607);
            b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
        }
        assertDecodes(wav(1, 1, 24, false, b.array(), "LIST"), 1e-6f);
    }

    @Test
    void decodesThirtyTwoBitIntegerAndFloat() throws WavFormatException {
        ByteBuffer ints = buffer(RAMP.length * 4);
        ByteBuffer floats = buffer(RAMP.length * 4);
        for (float v : RAMP) {
            ints.putInt((int) Math.round(v * 2147483647.0));
            floats.putFloat(v);
        }
        assertDecodes(wav(1, 1, 32, false, ints.array(), null), 1e-6f);
        assertDecodes(wav(3, 1, 32, false, floats.array(), null), 0f);
        assertDecodes(wav(3, 1, 32, true, floats.array(), null), 0f);
    }

    @Test
    void downmixesStereoExtensible() throws WavFormatException {
        ByteBuffer b = buffer(RAMP.length * 4);
        for (float v : RAMP) {
            b.putShort((short) Math.round(v * 32767)).putShort((short) 0); // right channel silent
        }
        Wav.Decoded d = Wav.decode(wav(1, 2, 16, true, b.array(), null));
        assertThat(d.channels()).isEqualTo(2);
        for (int i = 0; i < RAMP.length; i++) {
            assertThat(d.samples()[i]).isCloseTo(RAMP[i] / 2, within(1e-4f));
        }
    }

    @Test
    void infoChunkGoesBeforeTheSamplesAndReadsBack() throws WavFormatException {
        byte[] plain = Wav.encodePcm16(VoiceClips.voice(1, 0.1, 8000), 8000);
        java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
        info.put("ICMT", "{\"AIGC\":{\"Label\":\"1\"}} 声"); // odd length in UTF-8: padded
        info.put("ISFT", "tts");
        byte[] tagged = Wav.withInfo(plain, info);

        assertThat(Wav.info(tagged)).containsExactlyEntriesOf(info);
        assertThat(Wav.info(plain)).isEmpty();
        assertThat(Wav.data(tagged).length()).isEqualTo(Wav.data(plain).length()).isEqualTo(plain.length - 44);
        assertThat(Wav.data(tagged).offset()).isGreaterThan(44);
        assertThat(le(tagged, 4)).isEqualTo(tagged.length - 8); // the RIFF size grew with the chunk
        assertThat(java.util.Arrays.copyOfRange(tagged, Wav.data(tagged).offset(), tagged.length))
                .containsExactly(java.util.Arrays.copyOfRange(plain, 44, plain.length));
        assertThat(Wav.decode(tagged).samples()).containsExactly(Wav.decode(plain).samples());
    }

    @Test
    void decodesAClipWhoseChunkAfterTheSamplesIsCutOff() throws WavFormatException {
        byte[] plain = Wav.encodePcm16(VoiceClips.voice(1, 0.1, 8000), 8000);
        byte[] cut = java.util.Arrays.copyOf(plain, plain.length + 12);
        ByteBuffer.wrap(cut, plain.length, 12).order(ByteOrder.LITTLE_ENDIAN).put("LIST".getBytes(StandardCharsets.US_ASCII))
                .putInt(4096).put("INFO".getBytes(StandardCharsets.US_ASCII)); // declares 4096 bytes, 4 present

        assertThat(Wav.decode(cut).samples()).containsExactly(Wav.decode(plain).samples());
        assertThat(Wav.info(cut)).isEmpty();
    }

    private static int le(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    private static void assertDecodes(byte[] wav, float tolerance) throws WavFormatException {
        float[] d = Wav.decode(wav).samples();
        assertThat(d).hasSize(RAMP.length);
        for (int i = 0; i < RAMP.length; i++) {
            assertThat(d[i]).as("sample %d", i).isCloseTo(RAMP[i], within(tolerance));
        }
    }

    @Test
    void rejectsWhatItCannotRead() {
        byte[] good = Wav.encodePcm16(RAMP, 16000);
        assertThatThrownBy(() -> Wav.decode("hello, not audio".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("RIFF");
        assertThatThrownBy(() -> Wav.decode(new byte[0])).isInstanceOf(WavFormatException.class);
        assertThatThrownBy(() -> Wav.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Wav.decode(Arrays.copyOf(good, 30)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Wav.decode(wav(2, 1, 4, false, new byte[8], null)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> Wav.decode(wav(3, 1, 64, false, new byte[16], null)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("unsupported");
        byte[] noRate = good.clone();
        Arrays.fill(noRate, 24, 28, (byte) 0);
        assertThatThrownBy(() -> Wav.decode(noRate)).isInstanceOf(WavFormatException.class).hasMessageContaining("sample rate");
        assertThatThrownBy(() -> Wav.decode(Arrays.copyOf(good, 36)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("no data");
    }

    @Test
    void resamplingKeepsDurationAndPitch() {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / 16000));
        }
        float[] y = Wav.resample(x, 16000, 22050);
        assertThat(y).hasSize(22050);
        assertThat(Signals.f0(y, 22050)).isCloseTo(220, within(0.5));
        assertThat(Wav.resample(y, 22050, 16000)).hasSize(16000);
        assertThat(Wav.resample(x, 16000, 16000)).isEqualTo(x).isNotSameAs(x);
    }
}
