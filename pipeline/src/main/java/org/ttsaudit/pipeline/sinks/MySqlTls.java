package org.ttsaudit.pipeline.sinks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * TLS to the audit database from {@code mysql.ssl-mode} and {@code mysql.trust-store*}, written
 * into the JDBC URL as Connector/J properties. In the URL, so that everything that reaches the
 * database through {@link JdbcSettings} (the job's sinks, migrations, retention, decrypt-ref)
 * connects the same way, Flyway included, which takes only a URL.
 */
final class MySqlTls {
    /** Connector/J's sslMode values, written in the configuration in lower case with dashes. */
    enum Mode {
        DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_IDENTITY;
        }
    }

    /** URL properties that would contradict mysql.ssl-mode, had the URL set them too. */
    private static final List<String> URL_TLS_PROPERTIES = List.of("sslmode", "usessl", "requiressl",
            "verifyservercertificate", "trustcertificatekeystore");

    private MySqlTls() {}

    /** {@code url} with the configured TLS properties; unchanged when mysql.ssl-mode is not set. */
    static String apply(String url, Configuration config) {
        String trustStore = config.getOptional(TtsOptions.MYSQL_TRUST_STORE).filter(s -> !s.isBlank()).orElse(null);
        if (config.getOptional(TtsOptions.MYSQL_SSL_MODE).isEmpty()) {
            if (trustStore != null) {
                throw new IllegalArgumentException(TtsOptions.MYSQL_TRUST_STORE.key() + " is set but "
                        + TtsOptions.MYSQL_SSL_MODE.key() + " is not: set it to verify-ca or verify-identity");
            }
            return url;
        }
        Mode mode = mode(config.get(TtsOptions.MYSQL_SSL_MODE));
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
        for (String property : URL_TLS_PROPERTIES) {
            if (query.contains(property)) {
                throw new IllegalArgumentException("mysql.url sets TLS itself (" + property + "); with "
                        + TtsOptions.MYSQL_SSL_MODE.key() + " set, leave TLS properties out of the URL");
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sslMode", mode.name());
        if (trustStore != null) {
            if (!mode.verifies()) {
                throw new IllegalArgumentException(TtsOptions.MYSQL_TRUST_STORE.key() + " is used only with "
                        + TtsOptions.MYSQL_SSL_MODE.key() + " verify-ca or verify-identity, not " + mode.key());
            }
            properties.put("trustCertificateKeyStoreUrl", Path.of(trustStore).toAbsolutePath().toUri().toString());
            properties.put("trustCertificateKeyStoreType", config.get(TtsOptions.MYSQL_TRUST_STORE_TYPE));
            config.getOptional(TtsOptions.MYSQL_TRUST_STORE_PASSWORD)
                    .ifPresent(p -> properties.put("trustCertificateKeyStorePassword", p));
        }
        String added = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return url + (url.contains("?") ? "&" : "?") + added;
    }

    /** The TLS mode a connection to this URL asks for, for messages. */
    static String describe(String url) {
        int at = url.indexOf("sslMode=");
        if (at < 0) {
            return "the driver's default TLS mode (preferred)";
        }
        int end = url.indexOf('&', at);
        return url.substring(at, end < 0 ? url.length() : end);
    }

    static Mode mode(String value) {
        String normalized = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(Mode.values()).filter(m -> m.name().equals(normalized)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(TtsOptions.MYSQL_SSL_MODE.key() + " must be one of "
                        + Arrays.stream(Mode.values()).map(Mode::key).collect(Collectors.joining(", "))
                        + ", got '" + value + "'"));
    }
}
