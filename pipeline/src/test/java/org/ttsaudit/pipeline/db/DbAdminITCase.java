package org.ttsaudit.pipeline.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.testing.EmbeddedDatabase;

/**
 * What the Kubernetes migrations Job runs, on a fresh server: the migrations, sql/roles.sql as one
 * script (twice: it is safe to re-run), and the job's account with a password that needs quoting.
 */
@ParameterizedClass
@EnumSource(EmbeddedDatabase.Kind.class)
class DbAdminITCase {
    @Parameter
    EmbeddedDatabase.Kind kind;

    private static final String ACCOUNT = "tts_k8s_writer";
    private static EmbeddedDatabase mysql;
    private static Configuration admin;

    @BeforeParameterizedClassInvocation
    static void startServer(EmbeddedDatabase.Kind kind) throws Exception {
        mysql = kind.start(Path.of("target", "it-dbadmin", kind.name().toLowerCase()));
        admin = new Configuration();
        admin.set(TtsOptions.MYSQL_URL, mysql.url());
        admin.set(TtsOptions.MYSQL_USER, mysql.adminUser());
        admin.set(TtsOptions.MYSQL_PASSWORD, mysql.adminPassword());
        // A fresh MariaDB has anonymous accounts on localhost, which win over 'name'@'%' for a
        // login from this host; in a cluster, logins come from pod addresses.
        try (Connection c = mysql.adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS ''@'localhost'");
            s.execute("DROP USER IF EXISTS ''@'" + java.net.InetAddress.getLocalHost().getHostName() + "'");
        }
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws Exception {
        mysql.close();
    }

    @Test
    void theAccountGetsTheWriterRoleAndANewPasswordOnTheNextRun() throws Exception {
        DbAdmin.migrate(admin);
        DbAdmin.roles(admin);
        DbAdmin.roles(admin);
        String first = "it's a \"quoted\" \\ password;";
        DbAdmin.account(admin, ACCOUNT, "tts_writer_role", first);

        try (Connection c = connect(first); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO tts_generation_log (request_id, status, created_at, event_time)"
                    + " VALUES ('k8s-1', 'success', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM tts_generation_log")).isInstanceOf(SQLException.class);
        }

        DbAdmin.account(admin, ACCOUNT, "tts_writer_role", "rotated");
        assertThatThrownBy(() -> connect(first)).isInstanceOf(SQLException.class);
        try (Connection c = connect("rotated"); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE tts_generation_log SET status = 'failed' WHERE request_id = 'k8s-1'")).isEqualTo(1);
        }
    }

    private static Connection connect(String password) throws SQLException {
        return DriverManager.getConnection(mysql.url(), ACCOUNT, password);
    }
}
