package org.ttsaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.Producer;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.testing.WindowCheck;
import org.ttsaudit.pipeline.workflow.Checkpoints;

/**
 * {@code ./tts run} as its own process against a real broker and database: SIGKILL of the whole
 * process mid-stream, down longer than request.max-age while requests keep coming, and a restart
 * that resumes from the retained checkpoint; then {@code ./tts stop} with a savepoint, more
 * requests while it is stopped, and a resume from the savepoint. Every request must be logged once,
 * as a success (none expired for the job's absence), and every window row must equal its
 * recomputation from the raw log, which holds only if the windows' state survived the process.
 */
class RunRecoveryITCase {
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static LocalStack stack;
    private static Path configFile;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(Path.of("target", "it-run-recovery"));
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
        Configuration config = stack.jobConfiguration();
        config.set(TtsOptions.CHECKPOINT_MS, 1000L);
        config.set(TtsOptions.REQUEST_MAX_AGE, MAX_AGE);
        config.set(TtsOptions.METRICS_WINDOW, WINDOW);
        config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, Duration.ofSeconds(2));
        config.set(TtsOptions.METRICS_IDLE_TIMEOUT, Duration.ofSeconds(3));
        config.set(TtsOptions.METRICS_ALLOWED_LATENESS, Duration.ofMinutes(10));
        StringBuilder file = new StringBuilder();
        new TreeMap<>(config.toMap()).forEach((key, value) -> file.append(key).append(": ").append(value).append('\n'));
        configFile = Files.writeString(stack.workDir.resolve("run.conf"), file);
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldResumeAfterASigkillAndAfterAStopWithSavepointLosingNothingAndExpiringNothing() throws Exception {
        Instant start = Instant.now();
        List<Process> processes = new ArrayList<>();
        try {
            Process first = launch("first", processes);
            CompletableFuture<Void> streaming = sendAsync("killed", 300, 20);
            awaitRows(100);
            awaitCheckpointAfter(Checkpoints.latest(stack.checkpointDir()).orElse(null));
            first.destroyForcibly().waitFor(); // SIGKILL: no cancel, no flush, no savepoint
            streaming.get();
            send("while-down", 50, 0);
            Thread.sleep(MAX_AGE.plusSeconds(5).toMillis()); // down longer than request.max-age

            Process second = launch("second", processes);
            awaitRows(350);
            assertThat(output("second")).contains("resuming from " + stack.checkpointDir().toAbsolutePath());

            RunCommand.stop(List.of("--config", configFile.toString()));
            assertThat(second.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).as("stopped, not failed").isZero();
            send("while-stopped", 50, 0);

            launch("third", processes);
            awaitRows(400);
            assertThat(output("third")).contains("resuming from " + Checkpoints.savepointDir(stack.checkpointDir().toAbsolutePath()));
            assertThat(statuses()).as("every request once, none expired or failed").containsExactly(Map.entry("success", 400L));
            WindowCheck check = WindowCheck.await(stack.mysql, "recovery", WINDOW, start.minusSeconds(60),
                    Instant.now().plusSeconds(60), Duration.ZERO);
            assertThat(check.table()).isEqualTo(check.recomputed());
            assertThat(check.table()).as("windows exist").hasSizeGreaterThan(2);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The kill must come after a checkpoint taken in the middle of the stream, with windows open in
     * its state and source offsets past their first records: a run that resumed without that state
     * would then write partial window rows, and the window check would fail.
     */
    private static void awaitCheckpointAfter(Path earlier) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (Checkpoints.latest(stack.checkpointDir()).filter(p -> !p.equals(earlier)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no checkpoint retained in " + stack.checkpointDir() + " after a minute");
            }
            Thread.sleep(200);
        }
    }

    /** {@code java ... org.ttsaudit.cli.Main run --config FILE}, output to {@code <name>.log}. */
    private static Process launch(String name, List<Process> started) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        for (String open : List.of("java.lang", "java.util", "java.lang.reflect", "java.nio", "sun.nio.ch", "java.io")) {
            command.add("--add-opens=java.base/" + open + "=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                configFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(stack.workDir.resolve(name + ".log").toFile()).start();
        started.add(process);
        return process;
    }

    private static String output(String name) throws IOException {
        return Files.readString(stack.workDir.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private static CompletableFuture<Void> sendAsync(String phase, int count, double rate) {
        return CompletableFuture.runAsync(() -> {
            try {
                send(phase, count, rate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void send(String phase, int count, double rate) throws Exception {
        String voice = stack.voiceDir().toAbsolutePath().resolve("voice-2.wav").toString();
        List<GeneratedRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "recovery-" + phase + "-" + i;
            String json = "{\"request_id\":\"" + id + "\",\"user_id\":9,\"text\":\"欢迎使用语音合成服务。\",\"ref_audio_url\":\"file:"
                    + voice + "\"}";
            requests.add(new GeneratedRequest(id, json.getBytes(StandardCharsets.UTF_8), "success", null, false));
        }
        Producer.send(stack.kafka.bootstrapServers(), new Configuration().get(TtsOptions.TOPIC_REQUESTS), requests, rate);
    }

    private static void awaitRows(long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long rows;
        while ((rows = statuses().values().stream().mapToLong(Long::longValue).sum()) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + rows + " of " + expected + " requests logged after " + WAIT);
            }
            Thread.sleep(500);
        }
    }

    private static Map<String, Long> statuses() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONCAT(status, COALESCE(CONCAT('/', error_code), '')), COUNT(*) "
                     + "FROM tts_generation_log WHERE request_id LIKE 'recovery-%' GROUP BY 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
