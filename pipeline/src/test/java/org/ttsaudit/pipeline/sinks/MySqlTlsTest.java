package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ttsaudit.pipeline.config.TtsOptions;

class MySqlTlsTest {
    private static final String URL = "jdbc:mysql://db.internal:3306/tts";

    @Test
    void shouldLeaveTheUrlAsItIsWhenNoSslModeIsConfigured() {
        assertThat(MySqlTls.apply(URL + "?connectTimeout=5000", new Configuration())).isEqualTo(URL + "?connectTimeout=5000");
    }

    @ParameterizedTest
    @CsvSource({"disabled, DISABLED", "preferred, PREFERRED", "required, REQUIRED", "verify-ca, VERIFY_CA",
            "Verify-Identity, VERIFY_IDENTITY", "VERIFY_CA, VERIFY_CA"})
    void shouldMapEachSslModeToConnectorJsValue(String configured, String driverValue) {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_SSL_MODE, configured);

        assertThat(properties(MySqlTls.apply(URL, config))).containsExactly(Map.entry("sslMode", driverValue));
    }

    @Test
    void shouldPointTheDriverAtTheTrustStoreForVerifyCa() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_SSL_MODE, "verify-ca");
        config.set(TtsOptions.MYSQL_TRUST_STORE, "/etc/tts/mysql ca.p12");
        config.set(TtsOptions.MYSQL_TRUST_STORE_PASSWORD, "pa&ss=word");

        String url = MySqlTls.apply(URL + "?connectTimeout=5000", config);

        assertThat(url).startsWith(URL + "?connectTimeout=5000&");
        assertThat(properties(url)).containsExactly(
                Map.entry("connectTimeout", "5000"),
                Map.entry("sslMode", "VERIFY_CA"),
                Map.entry("trustCertificateKeyStoreUrl", Path.of("/etc/tts/mysql ca.p12").toUri().toString()),
                Map.entry("trustCertificateKeyStoreType", "PKCS12"),
                Map.entry("trustCertificateKeyStorePassword", "pa&ss=word"));
    }

    @Test
    void shouldRefuseAnUnknownMode() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_SSL_MODE, "on");

        assertThatThrownBy(() -> MySqlTls.apply(URL, config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mysql.ssl-mode must be one of disabled, preferred, required, verify-ca, verify-identity, got 'on'");
    }

    @Test
    void shouldRefuseATrustStoreThatNoModeWouldUse() {
        Configuration unset = new Configuration();
        unset.set(TtsOptions.MYSQL_TRUST_STORE, "/etc/tts/ca.p12");
        Configuration required = new Configuration(unset);
        required.set(TtsOptions.MYSQL_SSL_MODE, "required");

        assertThatThrownBy(() -> MySqlTls.apply(URL, unset)).hasMessageContaining("mysql.ssl-mode is not");
        assertThatThrownBy(() -> MySqlTls.apply(URL, required)).hasMessageContaining("only with mysql.ssl-mode verify-ca");
    }

    @Test
    void shouldRefuseAUrlThatSetsTlsItselfWhenTheModeIsConfigured() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_SSL_MODE, "required");

        assertThatThrownBy(() -> MySqlTls.apply(URL + "?sslMode=DISABLED", config)).hasMessageContaining("sets TLS itself");
        assertThatThrownBy(() -> MySqlTls.apply(URL + "?useSSL=false", config)).hasMessageContaining("sets TLS itself");
    }

    @Test
    void shouldGiveTheSinksTheTlsUrlWithServerPreparedStatements() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, URL);
        config.set(TtsOptions.MYSQL_SSL_MODE, "required");

        assertThat(properties(JdbcSettings.from(config).url))
                .containsEntry("sslMode", "REQUIRED").containsEntry("rewriteBatchedStatements", "true");
    }

    @Test
    void shouldNameTheDatabaseInMessagesWithoutUserInformationOrProperties() {
        assertThat(JdbcSettings.where("jdbc:mysql://writer:secret@db.internal:3306/tts?sslMode=REQUIRED"))
                .isEqualTo("db.internal:3306/tts");
        assertThat(MySqlTls.describe(URL + "?a=1&sslMode=VERIFY_CA&b=2")).isEqualTo("sslMode=VERIFY_CA");
    }

    /** The URL's properties as the driver reads them (percent-decoded), in order. */
    private static Map<String, String> properties(String url) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            properties.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return properties;
    }
}
