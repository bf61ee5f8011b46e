-- Pre-aggregated event-time windows for analysts: outcomes and latency per mode, emotions, error codes.
CREATE TABLE tts_failure_metrics (
    window_start     DATETIME(6) NOT NULL COMMENT 'UTC, inclusive',
    mode             VARCHAR(16) NOT NULL,
    window_end       DATETIME(6) NOT NULL COMMENT 'UTC, exclusive',
    requests         BIGINT      NOT NULL,
    successes        BIGINT      NOT NULL,
    failures         BIGINT      NOT NULL,
    rejections       BIGINT      NOT NULL,
    failure_rate     DOUBLE      NOT NULL COMMENT 'failures / requests',
    latency_p50_ms   BIGINT      NULL COMMENT 'total_ms of successful requests',
    latency_p95_ms   BIGINT      NULL,
    latency_p99_ms   BIGINT      NULL,
    mean_real_time_factor DOUBLE NULL,
    audio_seconds    DOUBLE      NOT NULL,
    updated_at       DATETIME(6) NOT NULL COMMENT 'UTC, last (re)computation; late records update the row',
    PRIMARY KEY (window_start, mode)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tts_emotion_metrics (
    window_start     DATETIME(6) NOT NULL,
    emotion          VARCHAR(16) NOT NULL COMMENT 'dominant dimension of the vector used, or neutral',
    window_end       DATETIME(6) NOT NULL,
    requests         BIGINT      NOT NULL,
    mean_intensity   DOUBLE      NULL,
    mean_vector      JSON        NULL COMMENT '8 mean weights: happy, angry, sad, afraid, disgusted, melancholic, surprised, calm',
    updated_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (window_start, emotion)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tts_error_metrics (
    window_start     DATETIME(6) NOT NULL,
    error_code       VARCHAR(64) NOT NULL,
    window_end       DATETIME(6) NOT NULL,
    status           VARCHAR(16) NOT NULL,
    requests         BIGINT      NOT NULL,
    updated_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (window_start, error_code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE tts_late_records (
    request_id       VARCHAR(64) NOT NULL COMMENT 'too late for its window: counted here, still in tts_generation_log',
    event_time       DATETIME(6) NOT NULL,
    mode             VARCHAR(16) NULL,
    status           VARCHAR(16) NOT NULL,
    arrived_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (request_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
