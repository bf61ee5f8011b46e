package org.ttsaudit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportCommandTest {
    @Test
    void sinceTakesAnInstantOrADateOrADateTimeInUtc() {
        assertThat(ReportCommand.parseSince("2026-03-01")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(ReportCommand.parseSince("2026-03-01T10:30")).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
        assertThat(ReportCommand.parseSince("2026-03-01 10:30:15")).isEqualTo(Instant.parse("2026-03-01T10:30:15Z"));
        assertThat(ReportCommand.parseSince("2026-03-01T10:30:00Z")).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
        assertThat(ReportCommand.parseSince("2026-03-01T10:30:00+02:00")).isEqualTo(Instant.parse("2026-03-01T08:30:00Z"));
        assertThatThrownBy(() -> ReportCommand.parseSince("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--since needs a date").hasMessageContaining("'yesterday'");
    }

    @Test
    void sourceShowsNeitherTheUrlQueryNorAPassword() {
        assertThat(ReportCommand.describe("jdbc:mysql://db:3306/tts?user=x&password=secret", "tts_analyst"))
                .isEqualTo("jdbc:mysql://db:3306/tts as tts_analyst");
    }
}
