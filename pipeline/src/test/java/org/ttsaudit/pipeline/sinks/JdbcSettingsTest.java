package org.ttsaudit.pipeline.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.junit.jupiter.api.Test;

class JdbcSettingsTest {

    @Test
    void shouldLetTheDriverRewriteBatchesAndCacheTheStatementUnlessTheUrlSaysOtherwise() {
        String defaults = "rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSqlLimit=1048576";
        assertThat(url("jdbc:mysql://db:3306/tts")).isEqualTo("jdbc:mysql://db:3306/tts?" + defaults);
        assertThat(url("jdbc:mysql://db:3306/tts?sslMode=REQUIRED"))
                .isEqualTo("jdbc:mysql://db:3306/tts?sslMode=REQUIRED&" + defaults);
        assertThat(url("jdbc:mysql://db:3306/tts?useServerPrepStmts=true&rewriteBatchedStatements=false"))
                .isEqualTo("jdbc:mysql://db:3306/tts?useServerPrepStmts=true&rewriteBatchedStatements=false"
                        + "&cachePrepStmts=true&prepStmtCacheSqlLimit=1048576");
    }

    @Test
    void shouldTakeBatchSizeIntervalAndRetriesFromTheSinkOptions() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, "jdbc:mysql://db:3306/tts");
        config.set(TtsOptions.SINK_BATCH, 250);
        config.set(TtsOptions.SINK_FLUSH_MS, 75L);
        config.set(TtsOptions.SINK_RETRIES, 5);

        JdbcExecutionOptions execution = JdbcSettings.from(config).execution;

        assertThat(execution.getBatchSize()).isEqualTo(250);
        assertThat(execution.getBatchIntervalMs()).isEqualTo(75);
        assertThat(execution.getMaxRetries()).isEqualTo(5);
    }

    @Test
    void shouldLookThePasswordUpWhenItConnectsNotWhenTheSinkIsBuilt() {
        Configuration config = new Configuration();
        config.set(TtsOptions.MYSQL_URL, "jdbc:mysql://db:3306/tts");
        config.set(TtsOptions.MYSQL_USER, "writer");
        config.set(TtsOptions.MYSQL_PASSWORD, "s3cret");

        MySqlConnectionProvider provider = JdbcSettings.from(config).connectionProvider();

        assertThat(provider.getProperties()).containsEntry("user", "writer").containsEntry("password", "s3cret");
    }

    private static String url(String configured) {
        return new JdbcSettings(configured, "writer", new Configuration(), JdbcExecutionOptions.defaults()).url;
    }
}
