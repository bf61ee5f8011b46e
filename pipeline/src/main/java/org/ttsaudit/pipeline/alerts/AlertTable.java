package org.ttsaudit.pipeline.alerts;

import static org.ttsaudit.pipeline.sinks.AuditLogTable.utc;

import java.util.List;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.sinks.UpsertStatement;

/** {@code tts_alerts}: one row per episode; each notice of the episode updates it. */
public final class AlertTable {
    private AlertTable() {}

    public static UpsertStatement<AlertEvent> upsert() {
        return new UpsertStatement<>("tts_alerts", List.of("alert_id", "rule", "dimension", "severity", "state", "observed",
                "baseline", "threshold", "window_start", "window_end", "fired_at", "resolved_at", "notifications", "message",
                "updated_at"), List.of("alert_id", "fired_at"),
                e -> new Object[] {e.alertId, e.rule, e.dimension, e.severity, e.state, e.observed, e.baseline, e.threshold,
                    utc(e.windowStart), utc(e.windowEnd), utc(e.firedAt), e.resolvedAt == null ? null : utc(e.resolvedAt),
                    e.notifications, e.message, utc(e.updatedAt)});
    }
}
