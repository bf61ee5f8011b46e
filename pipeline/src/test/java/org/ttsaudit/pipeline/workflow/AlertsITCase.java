package org.ttsaudit.pipeline.workflow;

import org.ttsaudit.pipeline.generator.Producer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * A scripted failure spike through the real job: six quiet windows, one window in which the
 * audio store cannot be written (every request there fails with STORAGE_ERROR), then quiet again.
 * The spike and the recovery are days apart in event time, so they are distinct windows of a
 * three-minute out-of-orderness.
 * Exactly one alert must fire for the spike window and be resolved by the next one, with nothing
 * raised by the quiet windows.
 */
class AlertsITCase {
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-alerts"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldFireOneAlertForASpikeAndResolveItWithoutAlertingOnQuietWindows() throws Exception {
        Instant quiet = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS);
        Instant spike = quiet.plus(Duration.ofDays(1));
        Instant recovered = quiet.plus(Duration.ofDays(2));
        // The store writes <audio>/<event day>/<id>.wav; a file in place of the spike day's folder breaks every write.
        Files.createDirectories(stack.audioDir());
        Files.writeString(stack.audioDir().resolve(spike.toString().substring(0, 10)), "not a directory");

        Configuration config = stack.jobConfiguration();
        config.set(TtsOptions.METRICS_WINDOW, WINDOW);
        config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, Duration.ofMinutes(3));
        config.set(TtsOptions.METRICS_ALLOWED_LATENESS, Duration.ofSeconds(10));
        config.set(TtsOptions.ALERT_MIN_REQUESTS, 5L);
        // The phases are days apart in event time; the empty days between them are SilenceITCase's subject.
        config.set(TtsOptions.ALERT_NO_TRAFFIC_RATIO, 0.0);
        config.set(TtsOptions.INFERENCE_MAX_BATCH, 4);
        JobClient job = TtsJob.start(config);
        try {
            // Phase by phase: event time here runs days per second of wall time, so each phase is fully
            // processed before the next one moves the watermark on.
            List<GeneratedRequest> quietWindows = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                quietWindows.addAll(window("quiet" + w, quiet.plus(WINDOW.multipliedBy(w)), 6));
            }
            List<GeneratedRequest> recoveredWindows = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                recoveredWindows.addAll(window("recovered" + w, recovered.plus(WINDOW.multipliedBy(w)), 6));
            }
            int sent = 0;
            for (List<GeneratedRequest> phase : List.of(quietWindows, window("spike", spike, 8), recoveredWindows,
                    window("sentinel", recovered.plus(Duration.ofHours(1)), 1))) {
                Producer.send(stack.kafka.bootstrapServers(), config.get(TtsOptions.TOPIC_REQUESTS), phase, 0);
                sent += phase.size();
                awaitLogged(sent);
            }
            List<Map<String, Object>> alerts = awaitResolvedAlert();
            assertThat(alerts).as("alerts, given these windows:%n%s", failureWindows()).hasSize(1);
            Map<String, Object> alert = alerts.get(0);
            assertThat(alert.get("state")).isEqualTo("resolved");
            assertThat(alert.get("rule")).isEqualTo("failure_rate");
            assertThat(alert.get("dimension")).isEqualTo("free");
            assertThat(alert.get("severity")).isEqualTo("critical");
            assertThat(alert.get("window_start")).isEqualTo(utc(spike));
            assertThat(alert.get("fired_at")).isEqualTo(utc(spike.plus(WINDOW)));
            assertThat(alert.get("resolved_at")).isEqualTo(utc(recovered.plus(WINDOW)));
            assertThat(alert.get("notifications")).isEqualTo(1);

            List<JsonNode> notices = alertNotices(2);
            assertThat(notices).extracting(n -> n.get("state").asText()).containsExactly("firing", "resolved");
            assertThat(notices).extracting(n -> n.get("alert_id").asText()).containsOnly((String) alert.get("alert_id"));
        } finally {
            job.cancel().get();
        }
    }

    /** {@code count} valid requests spread over the first half of the window starting at {@code start}. */
    private static List<GeneratedRequest> window(String name, Instant start, int count) {
        List<GeneratedRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "alerts-" + name + "-" + i;
            String json = "{\"request_id\":\"" + id + "\",\"user_id\":3,\"text\":\"你好，世界\",\"ref_audio_url\":\"file:"
                    + stack.voiceDir().toAbsolutePath().resolve("voice-1.wav") + "\",\"submitted_at\":\""
                    + start.plusSeconds(i) + "\"}";
            out.add(new GeneratedRequest(id, json.getBytes(StandardCharsets.UTF_8), "success", null, false));
        }
        return out;
    }

    private static void awaitLogged(int rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tts_generation_log")) {
                rs.next();
                if (rs.getLong(1) >= rows) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + rows + " requests logged in time");
    }

    private static String failureWindows() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT window_start, mode, requests, failures, failure_rate FROM tts_failure_metrics "
                     + "ORDER BY window_start")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getLong(3))
                        .append(' ').append(rs.getLong(4)).append(' ').append(rs.getDouble(5)).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<Map<String, Object>> awaitResolvedAlert() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (alertRows().stream().noneMatch(r -> "resolved".equals(r.get("state"))) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(2000); // a second, wrong alert would land now
        return alertRows();
    }

    private static List<Map<String, Object>> alertRows() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT alert_id, rule, dimension, severity, state, window_start, fired_at, "
                     + "resolved_at, notifications FROM tts_alerts")) {
            while (rs.next()) {
                rows.add(Map.of("alert_id", rs.getString(1), "rule", rs.getString(2), "dimension", rs.getString(3),
                        "severity", rs.getString(4), "state", rs.getString(5),
                        "window_start", rs.getObject(6, LocalDateTime.class), "fired_at", rs.getObject(7, LocalDateTime.class),
                        "resolved_at", rs.getObject(8) == null ? "none" : rs.getObject(8, LocalDateTime.class),
                        "notifications", rs.getInt(9)));
            }
        }
        return rows;
    }

    private static List<JsonNode> alertNotices(int atLeast) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> notices = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(new Configuration().get(TtsOptions.TOPIC_ALERTS)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (notices.size() < atLeast && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    notices.add(json.readTree(record.value()));
                }
            }
        }
        return notices;
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
