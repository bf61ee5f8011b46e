package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.Producer;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.testing.WindowCheck;

/**
 * One job through what production does to it, each fault in the middle of a stream of requests:
 * the database server stopped for 60 s, then for 5 minutes (far beyond request.max-age), then the
 * Kafka broker restarted. The job must come back by itself each time, log every request exactly
 * once and as a success (none expired for the job's own absence, none flipped by a replay), and
 * keep the window aggregates equal to the raw log.
 */
class OutageITCase {
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-outage"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldLogEveryRequestOnceAcrossDatabaseOutagesAndABrokerRestart() throws Exception {
        JobRun run = JobRun.create(stack, "outage");
        Configuration config = run.config;
        config.set(TtsOptions.CHECKPOINT_MS, 1000L);
        config.set(TtsOptions.RESTART_MAX_BACKOFF, Duration.ofSeconds(10));
        config.set(TtsOptions.METRICS_WINDOW, WINDOW);
        config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, Duration.ofSeconds(2));
        config.set(TtsOptions.METRICS_IDLE_TIMEOUT, Duration.ofSeconds(3));
        config.set(TtsOptions.METRICS_ALLOWED_LATENESS, Duration.ofMinutes(10));
        Instant start = Instant.now();
        JobClient job = TtsJob.start(config);
        Map<String, JobRun.Expected> expected = new HashMap<>();
        try {
            expected.putAll(midStream(run, "db60s", 200, 10, () -> databaseDown(Duration.ofSeconds(60))));
            assertThat(run.awaitRows(expected.size())).as("after a 60 s database outage").isEqualTo(expected.size());

            expected.putAll(midStream(run, "db5min", 100, 10, () -> databaseDown(Duration.ofMinutes(5))));
            assertThat(run.awaitRows(expected.size())).as("after a 5 min database outage").isEqualTo(expected.size());

            expected.putAll(midStream(run, "broker", 200, 20, () -> stack.kafka.restartBroker(Duration.ofSeconds(5))));
            assertThat(run.awaitRows(expected.size())).as("after a broker restart").isEqualTo(expected.size());

            run.assertRows(expected);
            WindowCheck check = WindowCheck.await(stack.mysql, "outage", WINDOW, start.minusSeconds(60),
                    Instant.now().plusSeconds(60), Duration.ZERO);
            assertThat(check.table()).isEqualTo(check.recomputed());
            assertThat(check.lateRecords()).as("nothing beyond the allowed lateness").isZero();
        } finally {
            job.cancel().get();
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /** Sends {@code count} valid requests at {@code rate} per second, with the fault three seconds in. */
    private static Map<String, JobRun.Expected> midStream(JobRun run, String phase, int count, double rate, Fault fault)
            throws Exception {
        List<GeneratedRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(run.valid("outage-" + phase + "-" + i));
        }
        CompletableFuture<List<RecordMetadata>> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return Producer.send(stack.kafka.bootstrapServers(), run.config.get(TtsOptions.TOPIC_REQUESTS), requests, rate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3000);
        fault.inject();
        return JobRun.expected(requests, sent.get());
    }

    /** The server really stops: the job's connections break and new ones are refused until it is back. */
    private static void databaseDown(Duration outage) throws Exception {
        stack.mysql.stopServer();
        Thread.sleep(outage.toMillis());
        stack.mysql.startServer();
    }
}
