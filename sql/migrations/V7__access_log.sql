-- Audited access: one row per read of protected data (./tts decrypt-ref; later trace), written in the read's transaction, append-only through the grants of sql/roles.sql.
-- No trigger refuses UPDATE or DELETE: it would stop retention too, the administrators it would guard against
-- may drop it, and with binary logging some servers let only SUPER create one. The roles' privileges are the
-- mechanism: no role may UPDATE or DELETE these rows; only an administrator (./tts retention) deletes them, after
-- retention.aggregates.
-- accessed_at is the server's clock (a default the auditor role may not set), so a row cannot be back-dated. The
-- command writes db_user and db_login as CURRENT_USER() and USER(): MySQL 8 allows neither as a default.
CREATE TABLE tts_access_log (
    access_id    BIGINT        NOT NULL AUTO_INCREMENT,
    accessed_at  DATETIME(6)   NOT NULL DEFAULT (UTC_TIMESTAMP(6)) COMMENT 'UTC, the server clock at the insert',
    db_user      VARCHAR(288)  NOT NULL COMMENT 'the account whose privileges applied, user@host pattern',
    db_login     VARCHAR(288)  NOT NULL COMMENT 'the user name given at login and the client address the server saw',
    os_user      VARCHAR(128)  NOT NULL COMMENT 'the operating-system user that ran the command, as the client reports it',
    os_host      VARCHAR(255)  NOT NULL COMMENT 'the host the command ran on, as it names itself',
    action       VARCHAR(32)   NOT NULL COMMENT 'decrypt-ref (later trace)',
    request_id   VARCHAR(64)   NOT NULL COMMENT 'the request whose data was read',
    reason       VARCHAR(500)  NOT NULL COMMENT 'why, as the reader gave it (--reason): a ticket, a case',
    PRIMARY KEY (access_id),
    KEY idx_access_accessed (accessed_at),
    KEY idx_access_request (request_id, accessed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
