package org.ttsaudit.pipeline.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbAdminTest {

    @Test
    void accountStatementsBindThePasswordAndSpellTheDefaultRolePerServer() {
        List<String> mysql = DbAdmin.accountStatements("tts_writer", "tts_writer_role", false);
        assertThat(mysql).containsExactly(
                "CREATE USER IF NOT EXISTS 'tts_writer'@'%' IDENTIFIED BY ?",
                "ALTER USER 'tts_writer'@'%' IDENTIFIED BY ?",
                "GRANT tts_writer_role TO 'tts_writer'@'%'",
                "SET DEFAULT ROLE tts_writer_role TO 'tts_writer'@'%'");
        assertThat(DbAdmin.accountStatements("tts_writer", "tts_writer_role", true))
                .last().isEqualTo("SET DEFAULT ROLE tts_writer_role FOR 'tts_writer'@'%'");
    }

    @Test
    void namesThatCouldEscapeTheStatementAreRefused() {
        for (String name : List.of("x'@'%'; DROP TABLE t; --", "Writer", "", "a b", "tts-writer")) {
            assertThatThrownBy(() -> DbAdmin.accountStatements(name, "tts_writer_role", false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain");
            assertThatThrownBy(() -> DbAdmin.accountStatements("tts_writer", name, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void takeRemovesAnOptionAndItsValueAndLeavesTheConfigurationArguments() {
        List<String> args = new ArrayList<>(List.of("--config", "t.yaml", "--account", "tts_writer", "--mysql.user", "root"));
        assertThat(DbAdmin.take(args, "--account")).isEqualTo("tts_writer");
        assertThat(DbAdmin.take(args, "--role")).isNull();
        assertThat(args).containsExactly("--config", "t.yaml", "--mysql.user", "root");
        assertThatThrownBy(() -> DbAdmin.take(new ArrayList<>(List.of("--role")), "--role"))
                .hasMessageContaining("needs a value");
    }

    @Test
    void theRolesScriptTravelsInTheJar() {
        assertThat(DbAdmin.script(DbAdmin.ROLES_SCRIPT)).contains("CREATE ROLE IF NOT EXISTS tts_writer_role");
    }
}
