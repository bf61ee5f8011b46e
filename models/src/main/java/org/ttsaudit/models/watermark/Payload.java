package org.ttsaudit.models.watermark;

import java.util.Optional;

/**
 * The watermark's 44 bits: a keyed 20-bit hash of the request id, the hour it was made (hours since
 * the epoch, modulo 2^16: about 7.5 years) and a CRC-8 over both. The hash and hour are a key to the
 * request: its audit row is among that hour's rows whose id hashes alike.
 */
public record Payload(int requestHash, int hour) {
    public static final int HASH_BITS = 20;
    public static final int HOUR_BITS = 16;
    static final int BITS = HASH_BITS + HOUR_BITS + 8;

    public Payload {
        if (requestHash >>> HASH_BITS != 0 || hour >>> HOUR_BITS != 0) {
            throw new IllegalArgumentException("payload field out of range");
        }
    }

    long bits() {
        long data = (long) requestHash << HOUR_BITS | hour;
        return data << 8 | crc8(data);
    }

    static Optional<Payload> ofBits(long bits) {
        long data = bits >>> 8;
        if ((bits & 0xFF) != crc8(data)) {
            return Optional.empty();
        }
        return Optional.of(new Payload((int) (data >>> HOUR_BITS), (int) (data & ((1 << HOUR_BITS) - 1))));
    }

    /** CRC-8 (polynomial 0x07) of the 36 data bits, most significant first. */
    private static int crc8(long data) {
        int crc = 0;
        for (int i = HASH_BITS + HOUR_BITS - 1; i >= 0; i--) {
            int bit = (int) (data >>> i & 1);
            int top = crc >>> 7 & 1;
            crc = crc << 1 & 0xFF;
            if ((bit ^ top) == 1) {
                crc ^= 0x07;
            }
        }
        return crc;
    }
}
