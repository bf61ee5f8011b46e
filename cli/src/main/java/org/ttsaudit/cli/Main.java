package org.ttsaudit.cli;

import org.ttsaudit.pipeline.generator.Producer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.cli.report.ReportCommand;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.db.DbAdmin;
import org.ttsaudit.pipeline.workflow.TtsJob;

/** Entry point of {@code ./tts}: reads arguments and hands over to one command. */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: ./tts <command> [options]",
            "  local   [--requests N] [--work-dir DIR] [--keep-running]",
            "          everything in-process: Kafka, MySQL-compatible server, the job, a request generator",
            "  run     --config FILE [--from-savepoint PATH | --fresh] [--key value ...]",
            "          the job on a local MiniCluster against external Kafka and MySQL; resumes from the newest",
            "          checkpoint or savepoint in checkpoint.dir",
            "  stop    --config FILE [--savepoint DIR]   stop that run with a savepoint (default: in checkpoint.dir)",
            "  migrate --config FILE [--key value ...]   apply the SQL migrations (as mysql.user)",
            "  retention --config FILE [--key value ...]   delete rows past retention.log / retention.aggregates (as mysql.user)",
            "  produce --config FILE --requests N [--rate R] [--key value ...]   load generator into topic.requests",
            "  decrypt-ref --config FILE --request-id ID --reason TEXT [--key value ...]   print one request's",
            "          ref_audio_url (auditors: needs a database account that may read it and the key, env TTS_REF_KEY",
            "          or refaudio.key-file); who, when, which request and the reason go to tts_access_log first",
            "  trace   FILE.wav [--config FILE --reason TEXT] [--key value ...]   read a clip's provenance label, check its",
            "          MAC with the keys (env TTS_REF_KEY or refaudio.key-file) and print its request id; with mysql.url set,",
            "          also the request's audit row as mysql.user (the analyst's columns), which needs --reason and is",
            "          recorded in tts_access_log first. Without a label, by the watermark. Exit 0 traced, 3 neither label",
            "          nor watermark (or no request matches the watermark), 4 label not verified (altered, copied from",
            "          another clip, or another key; the watermark's request, if any, is shown), 2 refused, 1 failed",
            "  report  --config FILE [--out FILE] [--since TIME | --hours N] [--key value ...]",
            "          an HTML page of the window tables, alerts and late records (as mysql.user; the analyst role",
            "          is enough); default everything in the tables, written to " + ReportCommand.DEFAULT_FILE);

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail(USAGE);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "local" -> local(rest);
                case "run" -> RunCommand.run(rest);
                case "stop" -> RunCommand.stop(rest);
                case "migrate" -> migrate(rest);
                case "retention" -> retention(rest);
                case "produce" -> produce(rest);
                case "decrypt-ref" -> decryptRef(rest);
                case "trace" -> System.exit(trace(rest));
                case "report" -> report(rest);
                case "help", "--help", "-h" -> System.out.println(USAGE);
                default -> fail("unknown command '" + args[0] + "'\n" + USAGE);
            }
        } catch (IllegalArgumentException e) {
            fail("error: " + e.getMessage() + "\n" + USAGE);
        } catch (Exception e) {
            e.printStackTrace();
            System.err.println("tts " + args[0] + " failed: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static void local(List<String> args) throws Exception {
        int requests = 200;
        Path workDir = Path.of(".tts-local");
        boolean keep = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--requests" -> requests = positive(value(args, ++i), "--requests");
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                case "--keep-running" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        LocalRun.run(requests, workDir, keep);
    }

    private static void retention(List<String> args) throws java.sql.SQLException {
        DbAdmin.retention(TtsJob.configFromArgs(args.toArray(String[]::new)));
    }

    private static void migrate(List<String> args) {
        DbAdmin.migrate(TtsJob.configFromArgs(args.toArray(String[]::new)));
    }

    private static void produce(List<String> args) throws Exception {
        int requests = 0;
        double rate = 0;
        List<String> config = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--requests" -> requests = positive(value(args, ++i), "--requests");
                case "--rate" -> rate = Double.parseDouble(value(args, ++i));
                default -> config.add(args.get(i));
            }
        }
        if (requests == 0) {
            throw new IllegalArgumentException("produce needs --requests N");
        }
        Configuration c = TtsJob.configFromArgs(config.toArray(String[]::new));
        Path voices = Path.of(TtsConfig.require(c, TtsOptions.REF_FILE_ROOT));
        RequestGenerator generator = new RequestGenerator(System.nanoTime(), voices, "gen-" + System.currentTimeMillis());
        generator.writeVoices();
        Producer.send(TtsConfig.require(c, TtsOptions.KAFKA_BOOTSTRAP), c.get(TtsOptions.TOPIC_REQUESTS),
                generator.generate(requests), rate);
        System.out.println("[tts] produced " + requests + " requests to " + c.get(TtsOptions.TOPIC_REQUESTS));
    }

    private static void decryptRef(List<String> args) throws Exception {
        String requestId = null;
        String reason = null;
        List<String> config = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--request-id" -> requestId = value(args, ++i);
                case "--reason" -> reason = value(args, ++i);
                default -> config.add(args.get(i));
            }
        }
        if (requestId == null) {
            throw new IllegalArgumentException("decrypt-ref needs --request-id ID");
        }
        System.out.println(DecryptRef.decrypt(TtsJob.configFromArgs(config.toArray(String[]::new)), requestId, reason));
    }

    private static int trace(List<String> args) throws Exception {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("trace needs the WAV file first: ./tts trace FILE.wav [--config FILE --reason TEXT]");
        }
        String reason = null;
        List<String> config = new java.util.ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--reason" -> reason = value(args, ++i);
                default -> config.add(args.get(i));
            }
        }
        return Trace.run(TtsJob.configFromArgs(config.toArray(String[]::new)), Path.of(args.get(0)), reason, System.out);
    }

    private static void report(List<String> args) throws Exception {
        Path out = Path.of(ReportCommand.DEFAULT_FILE);
        Instant now = Instant.now();
        Instant since = null;
        List<String> config = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--since", "--hours" -> {
                    if (since != null) {
                        throw new IllegalArgumentException("give --since or --hours, not both");
                    }
                    since = option.equals("--since") ? ReportCommand.parseSince(value(args, ++i))
                            : now.minus(Duration.ofHours(positive(value(args, ++i), option)));
                }
                default -> config.add(option);
            }
        }
        Path file = ReportCommand.run(TtsJob.configFromArgs(config.toArray(String[]::new)), since, out, now);
        System.out.println("[tts] report written to " + file);
    }

    static String value(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(option + " needs a positive integer, got '" + value + "'");
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
