package org.ttsaudit.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtsConfigTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        return Files.write(dir.resolve("tts.yaml"), List.of(lines));
    }

    @Test
    void shouldReadKeyValueLinesInEitherFormIgnoringComments() throws Exception {
        Configuration config = TtsConfig.load(file(
                "# audit pipeline",
                "",
                "kafka.bootstrap-servers: broker-1:9092,broker-2:9092",
                "mysql.url=jdbc:mysql://db.internal:3306/tts?useSSL=true&serverTimezone=UTC",
                "  # indented comment",
                "audio.store: \"s3://bucket/audio?region=cn-north-1\"",
                "refaudio.file-root: '/srv/refs'",
                "inference.max-batch-size = 32 # tuned for the GPU",
                "mysql.user : writer"), Map.of());

        assertThat(config.get(TtsOptions.KAFKA_BOOTSTRAP)).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(config.get(TtsOptions.MYSQL_URL)).isEqualTo("jdbc:mysql://db.internal:3306/tts?useSSL=true&serverTimezone=UTC");
        assertThat(config.get(TtsOptions.AUDIO_STORE)).isEqualTo("s3://bucket/audio?region=cn-north-1");
        assertThat(config.get(TtsOptions.REF_FILE_ROOT)).isEqualTo("/srv/refs");
        assertThat(config.get(TtsOptions.INFERENCE_MAX_BATCH)).isEqualTo(32);
        assertThat(config.get(TtsOptions.MYSQL_USER)).isEqualTo("writer");
        assertThat(config.keySet()).hasSize(6);
    }

    @Test
    void shouldLetOverridesWinOverTheFile() throws Exception {
        Configuration config = TtsConfig.load(file("inference.device: cuda", "topic.requests: in"),
                Map.of("inference.device", "cpu", "topic.results", "out"));

        assertThat(config.get(TtsOptions.INFERENCE_DEVICE)).isEqualTo("cpu");
        assertThat(config.get(TtsOptions.TOPIC_REQUESTS)).isEqualTo("in");
        assertThat(config.get(TtsOptions.TOPIC_RESULTS)).isEqualTo("out");
        assertThat(TtsConfig.load(null, Map.of("topic.dlq", "dead")).get(TtsOptions.TOPIC_DLQ)).isEqualTo("dead");
    }

    @Test
    void shouldRejectALineThatIsNoKeyValuePairNamingTheLine() throws Exception {
        Path broken = file("topic.requests: in", "just some words");

        assertThatThrownBy(() -> TtsConfig.load(broken, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":2:");
    }

    @Test
    void shouldReadTheDatabasePasswordFromTheSecretFileStripped() throws Exception {
        assumeTrue(System.getenv("TTS_MYSQL_PASSWORD") == null, "the environment variable would take precedence");
        Path secret = Files.writeString(dir.resolve("password"), "  s3cr:et=x \n");
        Configuration config = TtsConfig.load(file("mysql.password: from-config", "mysql.password-file: " + secret), Map.of());

        assertThat(TtsConfig.mysqlPassword(config)).isEqualTo("s3cr:et=x");
        assertThat(TtsConfig.mysqlPassword(TtsConfig.load(null, Map.of("mysql.password", "plain")))).isEqualTo("plain");
        assertThat(TtsConfig.mysqlPassword(new Configuration())).isEmpty();
    }

    @Test
    void shouldRequireAMissingOrBlankSettingByName() {
        Configuration config = TtsConfig.load(null, Map.of("audio.store", "  "));

        assertThatThrownBy(() -> TtsConfig.require(config, TtsOptions.AUDIO_STORE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audio.store");
        assertThatThrownBy(() -> TtsConfig.require(new Configuration(), TtsOptions.MYSQL_URL))
                .hasMessageContaining("mysql.url");
    }
}
