package org.ttsaudit.pipeline.generator;

import java.util.List;

/**
 * Byte sequences that are not UTF-8, though a lenient decoder makes a character of most of them:
 * overlong forms (a second spelling of '/' or '.', the path-traversal classic), surrogates encoded
 * on their own as CESU-8 does, code points above U+10FFFF, bytes UTF-8 never uses, continuation
 * bytes without a lead and lead bytes cut off before their continuation.
 */
final class BadUtf8 {
    static final List<byte[]> SEQUENCES = List.of(
            bytes(0xC0, 0xAF), bytes(0xC1, 0xBF), bytes(0xC0, 0xAE),
            bytes(0xE0, 0x80, 0xAF), bytes(0xE0, 0x9F, 0xBF), bytes(0xF0, 0x80, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
            bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF7, 0xBF, 0xBF, 0xBF),
            bytes(0xF5), bytes(0xFE), bytes(0xFF), bytes(0x80), bytes(0xBF, 0xBF),
            bytes(0xC3), bytes(0xE4, 0xBD), bytes(0xF0, 0x9F, 0x98));

    private BadUtf8() {}

    /** {@code record} with {@code bad} put in place of the byte at {@code at}. */
    static byte[] splice(byte[] record, int at, byte[] bad) {
        byte[] out = new byte[record.length - 1 + bad.length];
        System.arraycopy(record, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(record, at + 1, out, at + bad.length, record.length - at - 1);
        return out;
    }

    /** Where {@code marker} (an ASCII byte) first stands in {@code record}. */
    static int indexOf(byte[] record, char marker) {
        for (int i = 0; i < record.length; i++) {
            if (record[i] == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("no '" + marker + "' in the record");
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
