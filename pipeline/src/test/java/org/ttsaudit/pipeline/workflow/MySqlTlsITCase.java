package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.testing.SelfSignedTls;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * TLS between the job and the database, by configuration alone ({@code mysql.ssl-mode},
 * {@code mysql.trust-store}). The server presents a certificate for 127.0.0.1 signed by a CA made
 * for this run, and the job's account may log in only over TLS ({@code REQUIRE SSL}), so rows the
 * job writes prove its connections are encrypted; a plain connection of the same account is
 * refused, which shows the requirement is in force.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class MySqlTlsITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final Path BASE = Path.of("target", "it-mysql-tls");
    private static final int REQUESTS = 6;
    private static SelfSignedTls.Authority ca;
    private static SelfSignedTls.Authority otherCa;
    private static LocalStack stack;

    @BeforeParameterizedClassInvocation
    static void startStack(EmbeddedDatabase.Kind kind) throws Exception {
        ca = SelfSignedTls.authority(BASE.resolve("ca"), "tts test CA");
        otherCa = SelfSignedTls.authority(BASE.resolve("other-ca"), "an unrelated CA");
        SelfSignedTls.ServerCertificate server = SelfSignedTls.server(ca, BASE.resolve("server"), "ip:127.0.0.1");
        stack = LocalStack.start(BASE.resolve(kind.name().toLowerCase()), kind, server);
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
        stack.mysql.requireTls(EmbeddedDatabase.WRITER);
    }

    @AfterParameterizedClassInvocation
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldWriteOverEncryptedConnectionsWithSslModeRequired() throws Exception {
        JobRun run = JobRun.create(stack, "required");
        run.config.set(TtsOptions.MYSQL_SSL_MODE, "required");

        try (Connection c = JdbcSettings.from(run.config).connect()) {
            assertThat(sessionStatus(c, "Ssl_cipher")).as("the server sees a TLS session").isNotBlank();
            assertThat(sessionStatus(c, "Ssl_version")).startsWith("TLSv1.");
        }
        assertTheJobWritesEveryRow(run);
    }

    @Test
    void shouldWriteWithVerifyCaWhenTheTrustStoreHoldsTheServersCa() throws Exception {
        JobRun run = JobRun.create(stack, "verifyca");
        trust(run.config, "verify-ca", ca);

        assertTheJobWritesEveryRow(run);
    }

    @Test
    void shouldRefuseToStartWithVerifyCaWhenTheTrustStoreHoldsAnotherCa() throws Exception {
        JobRun run = JobRun.create(stack, "wrongca");
        trust(run.config, "verify-ca", otherCa);

        assertThatThrownBy(() -> TtsJob.start(run.config)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to the audit database 127.0.0.1:")
                .hasMessageContaining("as 'tts_writer' with sslMode=VERIFY_CA")
                .hasMessageContaining("the server's TLS certificate was not accepted")
                .hasMessageContaining("mysql.trust-store")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherCa.password(), stack.mysql.writerPassword()));
        assertThat(run.countRows()).isZero();
    }

    @Test
    void shouldCheckTheHostNameWithVerifyIdentity() throws Exception {
        Configuration byAddress = stack.jobConfiguration();
        trust(byAddress, "verify-identity", ca);
        Configuration byName = new Configuration(byAddress);
        byName.set(TtsOptions.MYSQL_URL, stack.mysql.url().replace("127.0.0.1", "localhost"));

        JdbcSettings.from(byAddress).checkConnection();
        assertThatThrownBy(() -> JdbcSettings.from(byName).checkConnection())
                .as("the certificate names 127.0.0.1 only")
                .hasMessageContaining("the server's TLS certificate was not accepted");
    }

    @Test
    void shouldRefuseToStartWhenTlsIsDisabledForAnAccountThatRequiresIt() throws Exception {
        JobRun run = JobRun.create(stack, "plain");
        run.config.set(TtsOptions.MYSQL_SSL_MODE, "disabled");

        assertThatThrownBy(() -> TtsJob.start(run.config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("with sslMode=DISABLED")
                .hasMessageContaining("Access denied for user 'tts_writer'");
    }

    private static void assertTheJobWritesEveryRow(JobRun run) throws Exception {
        JobClient job = TtsJob.start(run.config);
        try {
            run.send(IntStream.range(0, REQUESTS).mapToObj(i -> run.valid(run.name + "-" + i)).toList());
            assertThat(run.awaitRows(REQUESTS)).isEqualTo(REQUESTS);
            try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM tts_generation_log WHERE request_id LIKE '"
                         + run.name + "-%' GROUP BY status")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getLong(2))).containsExactly("success", (long) REQUESTS);
            }
        } finally {
            job.cancel().get();
        }
    }

    private static void trust(Configuration config, String mode, SelfSignedTls.Authority authority) {
        config.set(TtsOptions.MYSQL_SSL_MODE, mode);
        config.set(TtsOptions.MYSQL_TRUST_STORE, authority.trustStore().toString());
        config.set(TtsOptions.MYSQL_TRUST_STORE_PASSWORD, authority.password());
    }

    private static String sessionStatus(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            assertThat(rs.next()).as(name).isTrue();
            return rs.getString(2);
        }
    }
}
