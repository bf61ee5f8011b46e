package org.ttsaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceTest {
    /** 2026-12-02T10:00Z is hour 498,946 since the epoch; modulo 2^16 that is 40,194. */
    @Test
    void theWatermarksHourNamesEveryHourWithTheSameValueModulo2To16UpToNowNewestFirst() {
        Instant now = Instant.parse("2026-12-02T10:41:00Z");
        assertThat(Trace.hours(498_946 % 65_536, now)).first().isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(Trace.hours(498_946 % 65_536, now)).hasSize(8)
                .allSatisfy(h -> assertThat((h.getEpochSecond() / 3600) % 65_536).isEqualTo(498_946 % 65_536))
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(Trace.hours((498_946 + 1) % 65_536, now)).as("the next hour has not come yet: 2^16 hours earlier")
                .first().isEqualTo(Instant.parse("2026-12-02T11:00:00Z").minusSeconds(65_536L * 3600));
    }
}
