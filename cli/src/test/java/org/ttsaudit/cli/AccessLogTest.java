package org.ttsaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void aReasonIsKeptAsWrittenUpToTheColumnsSizeInCharactersNotUtf16Units() {
        String emoji = "🎧".repeat(AccessLog.MAX_REASON);
        assertThat(AccessLog.requireReason("decrypt-ref", emoji)).isSameAs(emoji);
        assertThat(AccessLog.requireReason("decrypt-ref", "  ticket 123\n")).isEqualTo("  ticket 123\n");
    }

    @Test
    void aMissingBlankOrOverlongReasonIsRefusedWithWhatToAdd() {
        for (String missing : new String[] {null, "", " \t\n"}) {
            assertThatThrownBy(() -> AccessLog.requireReason("trace", missing)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("trace needs --reason TEXT").hasMessageContaining("tts_access_log");
        }
        assertThatThrownBy(() -> AccessLog.requireReason("decrypt-ref", "x".repeat(AccessLog.MAX_REASON + 1)))
                .hasMessage("--reason has 501 characters; at most 500");
    }
}
