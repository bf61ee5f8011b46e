-- Anomaly alerts: one row per episode (firing until resolved), updated on every repeat notification.
CREATE TABLE tts_alerts (
    alert_id         VARCHAR(128) NOT NULL COMMENT 'rule/dimension/start of the first breaching window',
    rule             VARCHAR(32)  NOT NULL COMMENT 'failure_rate or latency_p95',
    dimension        VARCHAR(64)  NOT NULL COMMENT 'the mode the rule watched',
    severity         VARCHAR(16)  NOT NULL COMMENT 'warning or critical (the highest seen in the episode)',
    state            VARCHAR(16)  NOT NULL COMMENT 'firing or resolved',
    observed         DOUBLE       NOT NULL COMMENT 'value in the latest breaching window',
    baseline         DOUBLE       NULL COMMENT 'learned EWMA before the episode',
    threshold        DOUBLE       NOT NULL COMMENT 'the level that was crossed',
    window_start     DATETIME(6)  NOT NULL COMMENT 'UTC, first breaching window',
    window_end       DATETIME(6)  NOT NULL COMMENT 'UTC, latest breaching window end',
    fired_at         DATETIME(6)  NOT NULL COMMENT 'UTC event time the episode began (first window end)',
    resolved_at      DATETIME(6)  NULL COMMENT 'UTC event time of the first window back to normal',
    notifications    INT          NOT NULL COMMENT 'firing notices sent: first plus repeats',
    message          VARCHAR(512) NOT NULL,
    updated_at       DATETIME(6)  NOT NULL COMMENT 'UTC processing time of the last change',
    PRIMARY KEY (alert_id),
    KEY idx_alerts_fired (fired_at),
    KEY idx_alerts_state (state, rule)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
