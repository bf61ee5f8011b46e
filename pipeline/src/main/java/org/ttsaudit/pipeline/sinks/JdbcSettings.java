package org.ttsaudit.pipeline.sinks;

import java.io.Serializable;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * How to reach the audit database and how to batch writes. The password is looked up where the
 * connection is made (env, mounted file, or setting), so a deployment can keep it out of the job
 * graph by using the first two. TLS comes from {@code mysql.ssl-mode} and {@code mysql.trust-store}
 * ({@link MySqlTls}).
 */
public final class JdbcSettings implements Serializable {
    private static final long serialVersionUID = 2L;
    /**
     * Two lets one batch be encoded on the client while another runs on the server (the audit-log
     * sink benchmark in BENCHMARKS.md); more pays off when the database has cores to spare.
     */
    public static final ConfigOption<Integer> CONNECTIONS = ConfigOptions.key("sink.connections").intType()
            .defaultValue(2).withDescription("Connections each audit sink writer uses at once; rows of one "
                    + "request id always share one, so they land in order.");

    public final String url;
    public final String user;
    private final Configuration passwordSource;
    public final int batchSize;
    public final long flushIntervalMs;
    public final int maxRetries;
    /** Connections a writer uses at once for a table that allows it ({@link UpsertTable#orderColumn}). */
    public final int connections;

    public JdbcSettings(String url, String user, Configuration passwordSource, int batchSize, long flushIntervalMs,
                        int maxRetries, int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException(CONNECTIONS.key() + " must be >= 1, got " + connections);
        }
        this.url = withServerPreparedStatements(url);
        this.user = user;
        this.passwordSource = passwordSource;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.maxRetries = maxRetries;
        this.connections = connections;
    }

    public static JdbcSettings from(Configuration config) {
        Configuration passwordOnly = new Configuration();
        config.getOptional(TtsOptions.MYSQL_PASSWORD).ifPresent(p -> passwordOnly.set(TtsOptions.MYSQL_PASSWORD, p));
        config.getOptional(TtsOptions.MYSQL_PASSWORD_FILE).ifPresent(p -> passwordOnly.set(TtsOptions.MYSQL_PASSWORD_FILE, p));
        return new JdbcSettings(
                MySqlTls.apply(TtsConfig.require(config, TtsOptions.MYSQL_URL), config),
                config.get(TtsOptions.MYSQL_USER),
                passwordOnly,
                config.get(TtsOptions.SINK_BATCH),
                config.get(TtsOptions.SINK_FLUSH_MS),
                config.get(TtsOptions.SINK_RETRIES),
                config.get(CONNECTIONS));
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", TtsConfig.mysqlPassword(passwordSource));
        return DriverManager.getConnection(url, props);
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
     * Connector/J prepares statements on the client by default: every execution sends the whole
     * multi-row upsert as text, each value escaped, and the server parses it again. Prepared on
     * the server, a writer lane's full-batch statement is parsed once per connection and its values
     * go in binary (the audit-log sink benchmark in BENCHMARKS.md has the difference). A URL that
     * says otherwise is left alone.
     */
    static String withServerPreparedStatements(String url) {
        if (url.contains("useServerPrepStmts")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "useServerPrepStmts=true";
    }
}
