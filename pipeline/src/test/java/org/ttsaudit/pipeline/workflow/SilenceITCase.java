package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.testing.LocalStack;

/**
 * Traffic in real time, then none at all. Five-second windows, 1 s out-of-orderness, 2 s idle
 * timeout, so the documented bound for a window to close after the last event is window +
 * out-of-orderness (+ the idle check's second and the sink's flush). Each phase is sent in the
 * first three seconds of its own window: four steady windows, one in which every request has
 * waited too long in the topic (failed, REQUEST_EXPIRED), one steady again, then silence. With no
 * further event, the last window's rows must appear and the failure alert resolve within the
 * bound; then the empty windows must fire no_traffic, and traffic that returns resolve it.
 */
class SilenceITCase {
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    /** The bound the README states for these settings, with a margin for a loaded 2-core machine. */
    private static final Duration BOUND = WINDOW.plus(OUT_OF_ORDERNESS).plusSeconds(1).plusMillis(500).plusSeconds(8);
    private static final int PER_WINDOW = 10;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-silence"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldCloseTheLastWindowsResolveTheAlertAndRaiseNoTrafficWithoutAnyNewEvent() throws Exception {
        JobRun run = JobRun.create(stack, "silence");
        Configuration config = run.config;
        config.set(TtsOptions.METRICS_WINDOW, WINDOW);
        config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, OUT_OF_ORDERNESS);
        config.set(TtsOptions.METRICS_ALLOWED_LATENESS, Duration.ofSeconds(5));
        config.set(TtsOptions.METRICS_IDLE_TIMEOUT, Duration.ofSeconds(2));
        config.set(TtsOptions.ALERT_MIN_REQUESTS, 5L);
        config.set(TtsOptions.REQUEST_MAX_AGE, Duration.ofSeconds(10));
        config.set(TtsOptions.CHECKPOINT_MS, 1000L);
        JobClient job = TtsJob.start(config);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            int sent = 0;
            for (int w = 0; w < 4; w++) {
                sent += sendWindow(producer, config, "steady" + w, false);
            }
            sent += sendWindow(producer, config, "expired", true);
            sent += sendWindow(producer, config, "recovered", false);
            Instant lastEvent = Instant.now();
            assertThat(run.awaitRows(sent)).isEqualTo(sent);
            long recoveredWindow = lastEvent.toEpochMilli() / WINDOW.toMillis() * WINDOW.toMillis();

            awaitWithin(lastEvent, BOUND, "the last window's row", () -> requestsInWindow(recoveredWindow) == PER_WINDOW);
            awaitWithin(lastEvent, BOUND, "the failure alert resolved", () -> alerts("failure_rate", "resolved") == 1);
            awaitWithin(lastEvent, BOUND.plus(WINDOW), "no_traffic fired", () -> alerts("no_traffic", "firing") == 1);
            assertThat(alertSeverity("no_traffic")).isEqualTo("critical");

            sendWindow(producer, config, "back", false);
            Instant back = Instant.now();
            awaitWithin(back, BOUND, "no_traffic resolved", () -> alerts("no_traffic", "resolved") == 1);
            assertThat(alerts("failure_rate", "firing") + alerts("failure_rate", "resolved")).as("one failure episode").isEqualTo(1);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * {@link #PER_WINDOW} requests in the first three seconds of the next window, event time the
     * send time. Expired ones entered the topic a minute before their submitted_at: the job has
     * been up far longer than request.max-age, so they are shed.
     */
    private static int sendWindow(KafkaProducer<byte[], byte[]> producer, Configuration config, String phase, boolean expired)
            throws Exception {
        long windowMs = WINDOW.toMillis();
        Thread.sleep(windowMs - System.currentTimeMillis() % windowMs + 50);
        String voice = stack.voiceDir().toAbsolutePath().resolve("voice-1.wav").toString();
        for (int i = 0; i < PER_WINDOW; i++) {
            Instant now = Instant.now();
            String id = "silence-" + phase + "-" + i;
            String json = "{\"request_id\":\"" + id + "\",\"user_id\":5,\"text\":\"你好，世界\",\"ref_audio_url\":\"file:" + voice
                    + "\",\"submitted_at\":\"" + now + "\"}";
            long timestamp = expired ? now.minusSeconds(60).toEpochMilli() : now.toEpochMilli();
            producer.send(new ProducerRecord<>(config.get(TtsOptions.TOPIC_REQUESTS), null, timestamp,
                    id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8))).get();
            Thread.sleep(250);
        }
        return PER_WINDOW;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitWithin(Instant since, Duration bound, String what, Check check) throws Exception {
        Instant deadline = since.plus(bound);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " not within " + bound + " of the last event; windows: " + windows()
                        + "; alerts: " + alertRows());
            }
            Thread.sleep(200);
        }
    }

    private static long requestsInWindow(long windowStartMs) throws Exception {
        return single("SELECT COALESCE(SUM(requests), 0) FROM tts_failure_metrics WHERE window_start = FROM_UNIXTIME("
                + windowStartMs / 1000 + ")");
    }

    private static long alerts(String rule, String state) throws Exception {
        return single("SELECT COUNT(*) FROM tts_alerts WHERE rule = '" + rule + "' AND state = '" + state + "'");
    }

    private static String alertSeverity(String rule) throws Exception {
        return query("SELECT severity FROM tts_alerts WHERE rule = '" + rule + "'").get(0);
    }

    private static List<String> windows() throws Exception {
        return query("SELECT CONCAT(UNIX_TIMESTAMP(window_start), '/', mode, ':', requests, '/', failures) FROM tts_failure_metrics");
    }

    private static List<String> alertRows() throws Exception {
        return query("SELECT CONCAT(rule, '/', dimension, '/', state, '/', severity) FROM tts_alerts");
    }

    private static long single(String sql) throws Exception {
        return Long.parseLong(query(sql).get(0));
    }

    private static List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
