package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

    @Test
    void shouldInsertEveryColumnAndUpdateAllButTheKeptOnesFromValues() {
        UpsertStatement<String> table = new UpsertStatement<>("t_metrics", List.of("window_start", "mode", "requests", "created_at"),
                List.of("window_start", "created_at"), r -> new Object[] {r});

        assertThat(table.query()).isEqualTo("INSERT INTO t_metrics (window_start, mode, requests, created_at) VALUES (?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE mode = VALUES(mode), requests = VALUES(requests)");
    }

    @Test
    void shouldGiveTheAuditLogOnePlaceholderPerColumnAndKeepTheIdTheCreationTimeAndASuccess() {
        String sql = AuditLogTable.upsert().query();
        int update = sql.indexOf(" ON DUPLICATE KEY UPDATE ");

        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(AuditLogTable.COLUMNS.size());
        assertThat(sql.substring(0, update)).startsWith("INSERT INTO tts_generation_log (" + String.join(", ", AuditLogTable.COLUMNS) + ")");
        List<String> updated = new ArrayList<>();
        Matcher m = Pattern.compile("(\\w+) = IF\\(status = 'success' AND VALUES\\(status\\) <> 'success', (\\w+), VALUES\\((\\w+)\\)\\)").matcher(sql.substring(update));
        while (m.find()) {
            assertThat(m.group(2)).isEqualTo(m.group(1));
            assertThat(m.group(3)).isEqualTo(m.group(1));
            updated.add(m.group(1));
        }
        List<String> expected = new ArrayList<>(AuditLogTable.COLUMNS);
        expected.removeAll(List.of("request_id", "created_at", "status"));
        expected.add("status"); // last: the tests before it read the stored status
        assertThat(updated).containsExactlyElementsOf(expected);
        assertThat(sql).as("no MySQL-only row alias").doesNotContainPattern("(?i)\\)\\s+AS\\s+\\w+");
    }

    @Test
    void shouldMapAnAuditRecordToOneValuePerColumn() {
        assertThat(AuditLogTable.row(new org.ttsaudit.pipeline.records.AuditRecord())).hasSize(AuditLogTable.COLUMNS.size());
    }

    @Test
    void shouldRefuseToKeepAColumnTheTableDoesNotHave() {
        assertThatThrownBy(() -> new UpsertStatement<String>("t", List.of("k", "v"), List.of("missing"), r -> new Object[] {r, r}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
