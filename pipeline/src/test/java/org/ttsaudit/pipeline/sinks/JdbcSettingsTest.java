package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JdbcSettingsTest {

    @Test
    void shouldPrepareStatementsOnTheServerUnlessTheUrlSaysOtherwise() {
        assertThat(url("jdbc:mysql://db:3306/tts")).isEqualTo("jdbc:mysql://db:3306/tts?useServerPrepStmts=true");
        assertThat(url("jdbc:mysql://db:3306/tts?sslMode=REQUIRED"))
                .isEqualTo("jdbc:mysql://db:3306/tts?sslMode=REQUIRED&useServerPrepStmts=true");
        assertThat(url("jdbc:mysql://db:3306/tts?useServerPrepStmts=false")).isEqualTo("jdbc:mysql://db:3306/tts?useServerPrepStmts=false");
    }

    private static String url(String configured) {
        return new JdbcSettings(configured, "writer", new Configuration(), 1000, 500, 3, 2).url;
    }
}
