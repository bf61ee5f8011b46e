package org.ttsaudit.pipeline.sinks;

import java.io.Serializable;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * How to reach the audit database and how the sinks batch their writes, and the sinks themselves:
 * flink-connector-jdbc's {@link JdbcSink} running an {@link UpsertStatement}. The password is
 * looked up where a connection is made (env, mounted file, or setting; {@link
 * MySqlConnectionProvider}), so a deployment can keep it out of the job graph by using the first
 * two. TLS comes from {@code mysql.ssl-mode} and {@code mysql.trust-store} ({@link MySqlTls}).
 */
public final class JdbcSettings implements Serializable {
    private static final long serialVersionUID = 3L;

    public final String url;
    public final String user;
    private final Configuration passwordSource;
    public final JdbcExecutionOptions execution;

    public JdbcSettings(String url, String user, Configuration passwordSource, JdbcExecutionOptions execution) {
        this.url = withDriverDefaults(url);
        this.user = user;
        this.passwordSource = passwordSource;
        this.execution = execution;
    }

    public static JdbcSettings from(Configuration config) {
        Configuration passwordOnly = new Configuration();
        config.getOptional(TtsOptions.MYSQL_PASSWORD).ifPresent(p -> passwordOnly.set(TtsOptions.MYSQL_PASSWORD, p));
        config.getOptional(TtsOptions.MYSQL_PASSWORD_FILE).ifPresent(p -> passwordOnly.set(TtsOptions.MYSQL_PASSWORD_FILE, p));
        return new JdbcSettings(
                MySqlTls.apply(TtsConfig.require(config, TtsOptions.MYSQL_URL), config),
                config.get(TtsOptions.MYSQL_USER),
                passwordOnly,
                JdbcExecutionOptions.builder()
                        .withBatchSize(config.get(TtsOptions.SINK_BATCH))
                        .withBatchIntervalMs(config.get(TtsOptions.SINK_FLUSH_MS))
                        .withMaxRetries(config.get(TtsOptions.SINK_RETRIES))
                        .build());
    }

    /**
     * An at-least-once {@link JdbcSink} of idempotent upserts: rows are flushed when a batch fills,
     * when the flush interval passes, and before every checkpoint, so a restart that replays from
     * the last checkpoint writes some rows again, onto themselves, and loses none. (The connector's
     * exactly-once mode runs XA transactions, which the upsert makes unnecessary and which the
     * writer role would need {@code XA_RECOVER_ADMIN} for on MySQL 8.) A database outage fails
     * the task once its retries are spent, and the job restarts ({@link FailSafeJdbcSink}).
     */
    public <T> Sink<T> sink(UpsertStatement<T> statement) {
        return new FailSafeJdbcSink<>(JdbcSink.<T>builder()
                .withQueryStatement(statement)
                .withExecutionOptions(execution)
                .buildAtLeastOnce(connectionProvider()));
    }

    MySqlConnectionProvider connectionProvider() {
        return new MySqlConnectionProvider(url, user, passwordSource);
    }

    /** A connection for the commands (migrate, retention, decrypt-ref, report); the caller closes it. */
    public Connection connect() throws SQLException {
        try {
            return connectionProvider().getOrEstablishConnection();
        } catch (ClassNotFoundException e) {
            throw new SQLException("the MySQL driver " + MySqlConnectionProvider.DRIVER + " is not on the class path", e);
        }
    }

    /**
     * Opens and closes one connection, so that a wrong address, password or TLS setting stops a
     * deployment at once with a message that says which, instead of failing every sink task and
     * restarting the job over and over.
     */
    public void checkConnection() {
        try (Connection ignored = connect()) {
            // reaching the server, the TLS handshake and the login are the check
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the audit database " + where(url) + " as '" + user
                    + "' with " + MySqlTls.describe(url) + ": " + reason(e), e);
        }
    }

    /** host:port/database of a JDBC URL, without user information or properties. */
    static String where(String url) {
        String rest = url.replaceFirst("^jdbc:[a-z]+://", "");
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        return rest.substring(rest.lastIndexOf('@') + 1);
    }

    /** The driver's message; for a refused certificate, what to check. */
    private static String reason(SQLException e) {
        Throwable deepest = e;
        boolean certificate = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            certificate |= t instanceof SSLHandshakeException || t instanceof CertificateException;
            deepest = t;
        }
        if (!certificate) {
            return e.getMessage();
        }
        return "the server's TLS certificate was not accepted (" + deepest.getMessage() + "); verify-ca and "
                + "verify-identity accept only certificates signed by a CA in " + TtsOptions.MYSQL_TRUST_STORE.key()
                + " (the JVM's default CAs when it is unset), and verify-identity also needs the host name of "
                + TtsOptions.MYSQL_URL.key() + " in the certificate";
    }

    /**
     * The connector hands the driver one JDBC batch per flush. Connector/J sends such a batch one
     * statement per row unless {@code rewriteBatchedStatements} lets it fold the rows into
     * multi-row upserts (the figure against the driver's defaults is in BENCHMARKS.md, audit-log
     * sink); {@code cachePrepStmts}, with a length limit that admits a whole batch's statement,
     * keeps the driver from parsing the upsert again for every batch. Statements stay prepared on
     * the client: prepared on the server, the multi-row upsert ran at a third of the rate on
     * MySQL 8.0, and within the spread on MariaDB 11.4 (SinkBench's notes). A URL that sets a
     * property keeps its own value.
     */
    static String withDriverDefaults(String url) {
        for (String property : DRIVER_DEFAULTS) {
            String name = property.substring(0, property.indexOf('=') + 1);
            if (!url.contains(name)) {
                url = url + (url.contains("?") ? "&" : "?") + property;
            }
        }
        return url;
    }

    private static final String[] DRIVER_DEFAULTS = {"rewriteBatchedStatements=true", "cachePrepStmts=true",
        "prepStmtCacheSqlLimit=1048576"};
}
