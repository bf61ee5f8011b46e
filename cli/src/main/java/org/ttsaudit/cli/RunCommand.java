package org.ttsaudit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.workflow.Checkpoints;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * {@code ./tts run} and {@code ./tts stop}. The run resumes from the newest checkpoint or savepoint
 * under {@code checkpoint.dir} (or {@code --from-savepoint PATH}), so window rows and alert
 * episodes survive the process; it records its pid there, and {@code ./tts stop} asks it, through
 * a request file beside the pid, to stop with a savepoint and end.
 */
final class RunCommand {
    private static final String PID_FILE = "run.pid";
    private static final String STOP_REQUEST = "stop-request";
    private static final String LAST_SAVEPOINT = "last-savepoint";
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private RunCommand() {}

    static void run(List<String> args) throws Exception {
        Path fromSavepoint = null;
        boolean fresh = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--from-savepoint" -> fromSavepoint = Path.of(Main.value(args, ++i));
                case "--fresh" -> fresh = true;
                default -> rest.add(args.get(i));
            }
        }
        Configuration config = TtsJob.configFromArgs(rest.toArray(String[]::new));
        Path dir = Path.of(config.get(TtsOptions.CHECKPOINT_DIR)).toAbsolutePath().normalize();
        Optional<Path> resume = fromSavepoint != null ? Optional.of(fromSavepoint) : fresh ? Optional.empty() : Checkpoints.latest(dir);
        if (resume.isPresent()) {
            config = Checkpoints.restoredFrom(config, resume.get());
            say("resuming from " + resume.get() + " (--fresh starts without it)");
        } else {
            say("starting without earlier state; checkpoints go to " + dir);
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(STOP_REQUEST));
        JobClient job = TtsJob.start(config);
        Files.writeString(dir.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
        say("Flink job " + job.getJobID() + " running; ./tts stop with the same configuration stops it with a savepoint");
        try {
            awaitStopRequest(job, dir);
        } finally {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        }
    }

    /** Until the job ends by itself (an error) or {@code ./tts stop} asks for a savepoint. */
    private static void awaitStopRequest(JobClient job, Path dir) throws Exception {
        Path request = dir.resolve(STOP_REQUEST);
        while (true) {
            if (Files.exists(request)) {
                String target = Files.readString(request, StandardCharsets.UTF_8).strip();
                say("stopping with a savepoint in " + target);
                String savepoint = job.stopWithSavepoint(false, Path.of(target).toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Files.writeString(dir.resolve(LAST_SAVEPOINT), savepoint);
                Files.delete(request);
                say("savepoint " + savepoint);
                return;
            }
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended as " + status + "; see the log above for why");
            }
            Thread.sleep(500);
        }
    }

    static void stop(List<String> args) throws Exception {
        Path target = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--savepoint")) {
                target = Path.of(Main.value(args, ++i));
            } else {
                rest.add(args.get(i));
            }
        }
        Configuration config = TtsJob.configFromArgs(rest.toArray(String[]::new));
        Path dir = Path.of(config.get(TtsOptions.CHECKPOINT_DIR)).toAbsolutePath().normalize();
        ProcessHandle run = running(dir).orElseThrow(() -> new IllegalArgumentException(
                "no ./tts run is running with checkpoint.dir " + dir));
        target = (target == null ? Checkpoints.savepointDir(dir) : target).toAbsolutePath().normalize();
        Files.deleteIfExists(dir.resolve(LAST_SAVEPOINT));
        Files.writeString(dir.resolve(STOP_REQUEST), target.toString());
        say("asked ./tts run (pid " + run.pid() + ") to stop with a savepoint in " + target);
        run.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Path written = dir.resolve(LAST_SAVEPOINT);
        if (!Files.exists(written)) {
            throw new IllegalStateException("./tts run ended without a savepoint; its output says why");
        }
        String savepoint = Files.readString(written, StandardCharsets.UTF_8);
        say("stopped; savepoint " + savepoint);
        if (!target.startsWith(dir)) {
            say("resume with: ./tts run --from-savepoint " + Path.of(java.net.URI.create(savepoint)) + " ...");
        }
    }

    private static Optional<ProcessHandle> running(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).filter(ProcessHandle::isAlive);
    }

    private static void say(String line) {
        System.out.println("[tts] " + line);
    }
}
