package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.refaudio.LocalHttpServer;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * Hostile {@code ref_audio_url}s through the running job, each between two valid requests: every
 * hostile one ends as one rejected row with the documented code (on the dead-letter topic too when
 * validation already refuses it), every valid one succeeds, and the job keeps running. A real
 * HTTP server on 127.0.0.1 plays the hostile reference server (the fetcher tests' own).
 *
 * <p>Two deployments: a strict one, whose allow-list names internal hosts that the address rules
 * must still refuse (the server never sees a request); and one that allow-lists its own voice
 * server on 127.0.0.1 ({@code refaudio.allow-private-addresses}), which that server then tries to
 * redirect elsewhere, or to feed too much or too slowly.
 */
class HostileRefAudioITCase {
    private static final Path BASE = Path.of("target", "it-hostile-refaudio");
    private static final int MAX_BYTES = 200_000;
    private static final String FORBIDDEN = "REF_AUDIO_FORBIDDEN";
    private static final String NOT_FOUND = "REF_AUDIO_NOT_FOUND";
    private static LocalStack stack;
    private static LocalHttpServer server;
    /** A valid WAV outside refaudio.file-root: reaching it would make the request succeed. */
    private static Path outside;

    /** A hostile reference and how the job must answer it: refused at validation (dead letter) or at synthesis. */
    private record Hostile(String url, String errorCode, boolean deadLetter) {}

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(BASE);
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
        outside = stack.workDir.resolve("secret.wav");
        Files.write(outside, VoiceClips.wav(5, 3.5, 16_000));
        Files.createSymbolicLink(stack.voiceDir().resolve("link.wav"), outside.toAbsolutePath());
        server = LocalHttpServer.start();
        String self = "127.0.0.1:" + server.port();
        server.serve("/voices/ok.wav", VoiceClips.wav(3, 3.5, 16_000))
                .redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
                .redirect("/to-localhost", 302, "http://localhost:" + server.port() + "/voices/ok.wav")
                .redirect("/to-private", 307, "http://10.0.0.5/voices/ok.wav")
                .redirect("/to-ipv6-loopback", 301, "http://[::1]:" + server.port() + "/voices/ok.wav")
                .redirect("/to-file", 302, "file:///etc/passwd")
                .redirect("/loop", 302, "http://" + self + "/loop")
                .serve("/big.wav", new byte[MAX_BYTES + 1])
                .serveChunked("/big-chunked.wav", new byte[MAX_BYTES + 1])
                .dribble("/slow.wav", 50_000, 100)
                .silent("/silent.wav")
                .status("/missing.wav", 404);
    }

    @AfterAll
    static void stopStack() throws Exception {
        server.close();
        stack.close();
    }

    @Test
    void shouldRefuseInternalAddressesAndEscapesFromTheFileRootWithoutEverConnecting() throws Exception {
        String port = String.valueOf(server.port());
        String root = stack.voiceDir().toAbsolutePath().toString();
        JobRun run = JobRun.create(stack, "strict");
        run.config.set(TtsOptions.REF_ALLOWED_HOSTS, List.of("127.0.0.1", "localhost", "127.1", "10.0.0.5", "172.16.5.4",
                "192.168.1.20", "169.254.169.254", "::1", "fd00:ec2::254", "::ffff:127.0.0.1", "2130706433"));

        List<Hostile> hostile = List.of(
                new Hostile("http://127.0.0.1:" + port + "/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://10.0.0.5/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://172.16.5.4/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://192.168.1.20/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://169.254.169.254/latest/meta-data/iam/security-credentials/", FORBIDDEN, true),
                new Hostile("http://[::1]:" + port + "/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://[fd00:ec2::254]/latest/meta-data/", FORBIDDEN, true),
                new Hostile("http://[::ffff:127.0.0.1]:" + port + "/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://tts:secret@127.0.0.1:" + port + "/voices/ok.wav", FORBIDDEN, true),
                new Hostile("http://voices.example.com/voices/ok.wav", FORBIDDEN, true),
                // a shorthand IPv4 form that resolvers read as 127.0.0.1 is no host name to java.net.URI
                new Hostile("http://127.1:" + port + "/voices/ok.wav", "BAD_REF_AUDIO_URL", true),
                new Hostile("gopher://127.0.0.1:" + port + "/voices/ok.wav", "BAD_REF_AUDIO_URL", true),
                new Hostile("s3://voices/ok.wav", FORBIDDEN, true),
                new Hostile("file:///etc/passwd", FORBIDDEN, true),
                new Hostile("file:" + root + "/../secret.wav", FORBIDDEN, true),
                new Hostile("file:" + root + "/%2e%2e/secret.wav", FORBIDDEN, true),
                new Hostile("file:" + root + "/x/..%2F..%2Fsecret.wav", FORBIDDEN, true),
                new Hostile("file://localhost" + root + "/voice-0.wav", FORBIDDEN, true),
                // a name is resolved only when fetching: refused by the fetcher, in the synthesis step
                new Hostile("http://localhost:" + port + "/voices/ok.wav", FORBIDDEN, false),
                new Hostile("http://2130706433:" + port + "/voices/ok.wav", FORBIDDEN, false),
                // a link inside the root that leads out of it
                new Hostile("file:" + root + "/link.wav", FORBIDDEN, false));

        int before = server.requests();

        runInterleaved(run, hostile);

        assertThat(server.requests() - before).as("no fetch reached the loopback server").isZero();
        assertNoMessageQuotesAPath(run, "secret.wav", "meta-data", "passwd", "voices/ok.wav");
    }

    @Test
    void shouldRefuseRedirectsOutOfTheAllowListAndOversizeOrSlowAnswersOfAnAllowedServer() throws Exception {
        String self = "http://127.0.0.1:" + server.port();
        JobRun run = JobRun.create(stack, "internal");
        run.config.set(TtsOptions.REF_ALLOWED_HOSTS, List.of("127.0.0.1"));
        run.config.set(TtsOptions.REF_ALLOW_PRIVATE_ADDRESSES, true);
        run.config.set(TtsOptions.REF_MAX_BYTES, (long) MAX_BYTES);
        run.config.set(TtsOptions.REF_CONNECT_TIMEOUT_MS, 1_000L);
        run.config.set(TtsOptions.REF_READ_TIMEOUT_MS, 1_000L);
        run.config.set(TtsOptions.REF_FETCH_TIMEOUT_MS, 3_000L);

        List<Hostile> hostile = List.of(
                new Hostile(self + "/to-metadata", FORBIDDEN, false),
                new Hostile(self + "/to-localhost", FORBIDDEN, false),
                new Hostile(self + "/to-private", FORBIDDEN, false),
                new Hostile(self + "/to-ipv6-loopback", FORBIDDEN, false),
                new Hostile(self + "/to-file", FORBIDDEN, false),
                new Hostile(self + "/loop", NOT_FOUND, false),
                new Hostile(self + "/big.wav", "REF_AUDIO_TOO_LARGE", false),
                new Hostile(self + "/big-chunked.wav", "REF_AUDIO_TOO_LARGE", false),
                new Hostile(self + "/slow.wav", NOT_FOUND, false),
                new Hostile(self + "/silent.wav", NOT_FOUND, false),
                new Hostile(self + "/missing.wav", NOT_FOUND, false));
        List<GeneratedRequest> fromTheServer = List.of(
                JobRun.request("internal-http-0", "你好，欢迎使用。", self + "/voices/ok.wav", "success", null, false),
                JobRun.request("internal-http-1", "语音合成。", self + "/voices/ok.wav?take=2", "success", null, false));

        int before = server.requests();

        runInterleaved(run, hostile, fromTheServer);

        // one request per hostile URL, three more for the redirects /loop follows, one per valid clip (then cached);
        // none for a redirect the policy refused, though /to-localhost leads back to this server
        assertThat(server.requests() - before).isEqualTo(hostile.size() + 3 + fromTheServer.size());
        assertNoMessageQuotesAPath(run, "meta-data", "passwd", "voices/ok.wav");
    }

    @Test
    void shouldKeepSynthesizingForOthersWhileOneReferenceIsFetchedSlowly() throws Exception {
        JobRun run = JobRun.create(stack, "slowref");
        run.config.set(TtsOptions.REF_ALLOWED_HOSTS, List.of("127.0.0.1"));
        run.config.set(TtsOptions.REF_ALLOW_PRIVATE_ADDRESSES, true);
        run.config.set(TtsOptions.REF_FETCH_TIMEOUT_MS, 6_000L);
        List<GeneratedRequest> slow = List.of(JobRun.request("slowref-slow", "这是一段测试文本。",
                "http://127.0.0.1:" + server.port() + "/slow.wav", "rejected", NOT_FOUND, false));
        List<GeneratedRequest> valid = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            valid.add(run.valid("slowref-valid-" + i));
        }
        JobClient job = TtsJob.start(run.config);
        try {
            int before = server.requests();
            Map<String, JobRun.Expected> expected = new HashMap<>(JobRun.expected(slow, run.send(slow)));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (server.requests() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.requests()).as("the slow fetch has begun").isGreaterThan(before);
            expected.putAll(JobRun.expected(valid, run.send(valid)));

            assertThat(run.awaitRows(expected.size())).isEqualTo(expected.size());
            run.assertRows(expected);
            // The slow server holds its own request for the whole fetch limit (6 s); the fetch runs as
            // that request is admitted, beside the model, so the valid ones sent meanwhile do not wait.
            assertThat(totalMs("slowref-valid-%")).hasSize(valid.size()).allSatisfy(ms -> assertThat(ms).isLessThan(3_000L));
            assertThat(totalMs("slowref-slow")).singleElement().satisfies(ms -> assertThat(ms).isGreaterThanOrEqualTo(5_000L));
        } finally {
            job.cancel().get();
        }
    }

    private static List<Long> totalMs(String requestIds) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection();
             PreparedStatement s = c.prepareStatement("SELECT total_ms FROM tts_generation_log WHERE request_id LIKE ?")) {
            s.setString(1, requestIds);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Runs the job on the hostile requests, each between two valid ones, with {@code extra} valid
     * ones after them; checks every outcome, the dead letters and results, and that the job still runs.
     */
    private static void runInterleaved(JobRun run, List<Hostile> hostile, List<GeneratedRequest> extra) throws Exception {
        List<GeneratedRequest> requests = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            Hostile h = hostile.get(i);
            requests.add(run.valid(run.name + "-valid-" + i));
            requests.add(JobRun.request(run.name + "-hostile-" + i, "这是一段测试文本。", h.url(), "rejected", h.errorCode(),
                    h.deadLetter()));
        }
        for (int i = 0; i < 3; i++) {
            requests.add(run.valid(run.name + "-after-" + i));
        }
        requests.addAll(extra);
        JobClient job = TtsJob.start(run.config);
        try {
            Map<String, JobRun.Expected> expected = run.sendAndCheckRows(requests);
            run.assertDeadLetters(expected, true);
            run.assertResults(expected);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static void runInterleaved(JobRun run, List<Hostile> hostile) throws Exception {
        runInterleaved(run, hostile, List.of());
    }

    /** Refusals name the host at most: never the path of the URL. */
    private static void assertNoMessageQuotesAPath(JobRun run, String... paths) throws Exception {
        List<String> messages = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT error_message FROM tts_generation_log WHERE request_id LIKE '"
                     + run.name + "-hostile-%'")) {
            while (rs.next()) {
                messages.add(rs.getString(1));
            }
        }
        assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m).isNotBlank().doesNotContain(paths));
    }
}
