package org.ttsaudit.pipeline.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Every setting of the job, typed, with its default and what it means. */
public final class TtsOptions {
    private TtsOptions() {}

    // Kafka
    public static final ConfigOption<String> KAFKA_BOOTSTRAP = key("kafka.bootstrap-servers").stringType()
            .noDefaultValue().withDescription("Kafka bootstrap servers, host:port[,host:port].");
    public static final ConfigOption<String> KAFKA_GROUP = key("kafka.group-id").stringType()
            .defaultValue("tts-pipeline").withDescription("Consumer group of the job's source.");
    public static final ConfigOption<String> TOPIC_REQUESTS = key("topic.requests").stringType()
            .defaultValue("tts.requests").withDescription("Input topic of synthesis requests.");
    public static final ConfigOption<String> TOPIC_RESULTS = key("topic.results").stringType()
            .defaultValue("tts.results").withDescription("Output topic: one result per request.");
    public static final ConfigOption<String> TOPIC_DLQ = key("topic.dlq").stringType()
            .defaultValue("tts.requests.dlq").withDescription("Dead-letter topic: raw bytes of rejected requests.");
    public static final ConfigOption<String> TOPIC_ALERTS = key("topic.alerts").stringType()
            .defaultValue("tts.alerts").withDescription("Output topic of anomaly alerts.");

    // MySQL
    public static final ConfigOption<String> MYSQL_URL = key("mysql.url").stringType()
            .noDefaultValue().withDescription("JDBC URL of the audit database, jdbc:mysql://host:port/db.");
    public static final ConfigOption<String> MYSQL_USER = key("mysql.user").stringType()
            .defaultValue("tts_writer").withDescription("Database user the job writes as.");
    public static final ConfigOption<String> MYSQL_PASSWORD = key("mysql.password").stringType()
            .noDefaultValue().withDescription("Database password; prefer env TTS_MYSQL_PASSWORD or mysql.password-file.");
    public static final ConfigOption<String> MYSQL_PASSWORD_FILE = key("mysql.password-file").stringType()
            .noDefaultValue().withDescription("File holding the database password (e.g. a mounted secret).");
    public static final ConfigOption<String> MYSQL_SSL_MODE = key("mysql.ssl-mode").stringType()
            .noDefaultValue().withDescription("TLS to the database: disabled, preferred, required, verify-ca or "
                    + "verify-identity (unset: the driver's default, preferred, or what mysql.url says).");
    public static final ConfigOption<String> MYSQL_TRUST_STORE = key("mysql.trust-store").stringType()
            .noDefaultValue().withDescription("PKCS#12 or JKS file with the CA certificates verify-ca and verify-identity "
                    + "accept (unset: the JVM's default CAs).");
    public static final ConfigOption<String> MYSQL_TRUST_STORE_TYPE = key("mysql.trust-store-type").stringType()
            .defaultValue("PKCS12").withDescription("Type of mysql.trust-store: PKCS12 or JKS.");
    public static final ConfigOption<String> MYSQL_TRUST_STORE_PASSWORD = key("mysql.trust-store-password").stringType()
            .noDefaultValue().withDescription("Password of mysql.trust-store (it holds public certificates only; "
                    + "the password guards their integrity).");

    // Audio, models and inference
    public static final ConfigOption<String> AUDIO_STORE = key("audio.store").stringType()
            .noDefaultValue().withDescription("URI of the directory WAV files are written to (file:, s3:, ...).");
    public static final ConfigOption<String> INFERENCE_DEVICE = key("inference.device").stringType()
            .defaultValue("auto").withDescription("auto, cuda or cpu.");
    public static final ConfigOption<Integer> INFERENCE_MAX_BATCH = key("inference.max-batch-size").intType()
            .defaultValue(16).withDescription("Most requests in one model call.");
    public static final ConfigOption<Long> INFERENCE_MAX_DELAY_MS = key("inference.max-queue-delay-ms").longType()
            .defaultValue(20L).withDescription("Most time the first request of a batch waits for others.");
    public static final ConfigOption<Integer> INFERENCE_CAPACITY = key("inference.capacity").intType()
            .defaultValue(64).withDescription("Most requests in flight per inference subtask (back-pressure beyond).");
    public static final ConfigOption<Long> INFERENCE_TIMEOUT_MS = key("inference.timeout-ms").longType()
            .defaultValue(60_000L).withDescription("A request not done after this ends as failed, INFERENCE_TIMEOUT.");
    public static final ConfigOption<Boolean> INFERENCE_ORDERED = key("inference.ordered").booleanType()
            .defaultValue(false).withDescription("Emit results in input order (adds latency).");
    public static final ConfigOption<Integer> INFERENCE_RETRIES = key("inference.max-retries").intType()
            .defaultValue(2).withDescription("Retries of a batch that failed with a retryable model error.");
    public static final ConfigOption<Long> INFERENCE_RETRY_BACKOFF_MS = key("inference.retry-backoff-ms").longType()
            .defaultValue(50L).withDescription("First retry delay; doubles with each retry.");
    public static final ConfigOption<Integer> INFERENCE_BREAKER_THRESHOLD = key("inference.breaker-threshold").intType()
            .defaultValue(5).withDescription("Failed batches in a row that open the circuit (requests then fail fast).");
    public static final ConfigOption<Long> INFERENCE_BREAKER_COOLDOWN_MS = key("inference.breaker-cooldown-ms").longType()
            .defaultValue(10_000L).withDescription("How long an open circuit waits before a trial batch.");
    public static final ConfigOption<Integer> INFERENCE_THREADS = key("inference.intra-op-threads").intType()
            .defaultValue(1).withDescription("ONNX Runtime intra-op threads per session. 1 (the default): "
                    + "one thread per subtask, scaled out by parallelism; the synthesizer's many small operators "
                    + "do not gain from more, and extra threads per session oversubscribe a task manager's cores. "
                    + "0 lets ORT decide (one per physical core).");
    public static final ConfigOption<Duration> REQUEST_MAX_AGE = key("request.max-age").durationType()
            .defaultValue(Duration.ofSeconds(30)).withDescription("A request that has waited longer than this since it "
                    + "entered the input topic when it reaches synthesis is not synthesized: it ends as failed, "
                    + "REQUEST_EXPIRED (load shedding under overload). 0 switches it off.");
    public static final ConfigOption<Duration> REQUEST_DEDUPE_WINDOW = key("request.dedupe-window").durationType()
            .defaultValue(Duration.ofHours(1)).withDescription("How long a request_id is remembered: a later record "
                    + "with the same id goes to the dead-letter topic as DUPLICATE_REQUEST_ID and the first one's "
                    + "outcome stands. Keyed state holds one entry per id seen in the window; 0 switches it off "
                    + "(the last outcome written replaces the row).");
    public static final ConfigOption<String> MODEL_SYNTH = key("model.synthesizer-card").stringType()
            .defaultValue("classpath:/models/synth.json").withDescription("Model card of the synthesizer; a path ending in .onnx is a Piper voice, read with the .onnx.json beside it.");
    public static final ConfigOption<String> MODEL_SPEAKER = key("model.speaker-encoder-card").stringType()
            .defaultValue("classpath:/models/speaker_encoder.json").withDescription("Model card of the speaker encoder.");
    public static final ConfigOption<Integer> INFERENCE_MAX_SEGMENT_TOKENS = key("inference.max-segment-tokens").intType()
            .defaultValue(64).withDescription("Longest text segment in model tokens: a longer text is cut at sentence, "
                    + "then clause, then word boundaries, and its segments are synthesized in batches with those of "
                    + "other requests, then joined. 64 was the fastest of 16, 32, 64, 128 and 256 for four "
                    + "5,000-character requests on the bundled synthesizer (README).");
    public static final ConfigOption<Integer> INFERENCE_SEGMENT_PAUSE_MS = key("inference.segment-pause-ms").intType()
            .defaultValue(200).withDescription("Silence between the segments of a request at its natural pace "
                    + "(scaled with its duration target); 200 is one pause token of the bundled synthesizer.");
    public static final ConfigOption<Long> INFERENCE_MAX_BATCH_SAMPLES = key("inference.max-batch-samples").longType()
            .defaultValue(16_000_000L).withDescription("Most padded output samples in one model call (rows times the "
                    + "longest row; 4 bytes each), and most samples of finished clips waiting to be written before "
                    + "the next call: the bound on the audio a subtask holds. A single segment always goes.");
    public static final ConfigOption<Integer> SPEAKER_CACHE = key("inference.speaker-cache-size").intType()
            .defaultValue(1024).withDescription("Reference-voice embeddings kept per subtask.");

    // Reference audio
    public static final ConfigOption<String> REF_FILE_ROOT = key("refaudio.file-root").stringType()
            .noDefaultValue().withDescription("The only directory file: references may point into; unset refuses file:.");
    public static final ConfigOption<List<String>> REF_ALLOWED_HOSTS = key("refaudio.allowed-hosts").stringType()
            .asList().defaultValues().withDescription("Hosts http(s): references may use.");
    public static final ConfigOption<Long> REF_MAX_BYTES = key("refaudio.max-bytes").longType()
            .defaultValue(20L * 1024 * 1024).withDescription("Largest reference clip accepted.");
    public static final ConfigOption<Integer> REF_MIN_DURATION_MS = key("refaudio.min-duration-ms").intType()
            .defaultValue(3000).withDescription("Shortest reference clip a voice is cloned from (REF_AUDIO_TOO_SHORT); "
                    + "5 s or more of clear speech clones best.");
    public static final ConfigOption<Double> REF_MIN_SNR_DB = key("refaudio.min-snr-db").doubleType()
            .defaultValue(20.0).withDescription("Least speech-to-pause level ratio of a reference clip, in dB "
                    + "(REF_AUDIO_NOISY): 20 rejects white noise at a true SNR of about 16.5 dB and worse (README, "
                    + "Reference audio).");
    public static final ConfigOption<Boolean> REF_ALLOW_PRIVATE_ADDRESSES = key("refaudio.allow-private-addresses")
            .booleanType().defaultValue(false).withDescription("Let allow-listed http(s) hosts resolve to loopback, "
                    + "private, link-local and other internal addresses (off: such fetches are refused).");
    public static final ConfigOption<Long> REF_CONNECT_TIMEOUT_MS = key("refaudio.connect-timeout-ms").longType()
            .defaultValue(2_000L).withDescription("Most time to connect to an http(s) reference server.");
    public static final ConfigOption<Long> REF_READ_TIMEOUT_MS = key("refaudio.read-timeout-ms").longType()
            .defaultValue(5_000L).withDescription("Most time an http(s) reference server may send nothing.");
    public static final ConfigOption<Long> REF_FETCH_TIMEOUT_MS = key("refaudio.fetch-timeout-ms").longType()
            .defaultValue(10_000L).withDescription("Most time for a whole http(s) reference fetch, redirects included.");
    public static final ConfigOption<String> REF_KEY_ID = key("refaudio.key-id").stringType()
            .defaultValue("k1").withDescription("Id of the key that encrypts ref_audio_url; older keys stay for decryption.");
    public static final ConfigOption<String> REF_KEY_FILE = key("refaudio.key-file").stringType()
            .noDefaultValue().withDescription("File or directory with the ref_audio_url keys (a mounted secret); "
                    + "env TTS_REF_KEY wins.");
    public static final ConfigOption<String> REF_HASH_KEY_ID = key("refaudio.hash-key-id").stringType()
            .noDefaultValue().withDescription("Id of the key ref_audio_hash is derived from (default: refaudio.key-id); "
                    + "keep it when rotating so hashes stay comparable.");

    // Provenance label (GB 45438-2025 implicit label) in every stored WAV
    public static final ConfigOption<String> LABEL_PROVIDER_NAME = key("labels.provider-name").stringType()
            .defaultValue("tts-audit").withDescription("Service provider's name: the label's ContentProducer when "
                    + "labels.provider-code is not set, and part of the clip's software entry (ISFT).");
    public static final ConfigOption<String> LABEL_PROVIDER_CODE = key("labels.provider-code").stringType()
            .noDefaultValue().withDescription("Service provider's code (as the labelling rules assign it): the label's "
                    + "ContentProducer.");
    public static final ConfigOption<String> LABEL_EXPLICIT = key("labels.explicit").stringType()
            .defaultValue("none").withDescription("The audible AI label: none, start or end of each clip (a 1.4 s rhythm "
                    + "cue, README Provenance); recorded in the audit row's explicit_label.");
    public static final ConfigOption<Boolean> WATERMARK_ENABLED = key("watermark.enabled").booleanType()
            .defaultValue(true).withDescription("Whether each clip carries the inaudible watermark (README, Provenance), "
                    + "which trace finds where the label was stripped.");
    public static final ConfigOption<Double> WATERMARK_SNR_DB = key("watermark.snr-db").doubleType()
            .defaultValue(35.0).withDescription("How far below the clip the watermark sits, in dB: the robustness figures "
                    + "in the README were measured at 35.");

    // Limits
    public static final ConfigOption<Integer> MAX_TEXT_CHARS = key("limits.max-text-chars").intType()
            .defaultValue(5000).withDescription("Longest text, in characters after trimming.");
    public static final ConfigOption<Integer> MAX_REQUEST_BYTES = key("limits.max-request-bytes").intType()
            .defaultValue(64 * 1024).withDescription("Largest request record accepted.");

    // Masking and risk flags
    public static final ConfigOption<List<String>> MASKING_KINDS = key("masking.kinds").stringType().asList()
            .defaultValues("mobile", "fixed_line", "resident_id", "bank_card", "email", "ipv4", "ipv6", "passport")
            .withDescription("Built-in kinds of personal data to mask (separated by ',' or ';'): mobile, fixed_line, "
                    + "resident_id, bank_card, email, ipv4, ipv6, passport.");
    public static final ConfigOption<String> MASKING_RULES_FILE = key("masking.rules-file").stringType()
            .noDefaultValue().withDescription("File of extra masking rules, one 'id, keep-last, regex' per line.");
    public static final ConfigOption<String> RISK_RULES_FILE = key("risk.rules-file").stringType()
            .defaultValue("classpath:/risk/default-rules.txt").withDescription("Risk rules, one 'id, category, "
                    + "keyword' or 'id, category, re:regex' per line, matched on each request's raw text; "
                    + "an empty file turns risk flags off.");

    // Event-time metrics
    public static final ConfigOption<Duration> METRICS_WINDOW = key("metrics.window").durationType()
            .defaultValue(Duration.ofMinutes(1)).withDescription("Tumbling event-time window of the aggregate tables.");
    public static final ConfigOption<Duration> METRICS_OUT_OF_ORDERNESS = key("metrics.out-of-orderness").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("How far behind the newest event an event may arrive and still be on time.");
    public static final ConfigOption<Duration> METRICS_ALLOWED_LATENESS = key("metrics.allowed-lateness").durationType()
            .defaultValue(Duration.ofMinutes(5)).withDescription("Late events within this still update their window's rows; later ones go to tts_late_records.");
    public static final ConfigOption<Duration> METRICS_IDLE_TIMEOUT = key("metrics.idle-timeout").durationType()
            .defaultValue(Duration.ofSeconds(30)).withDescription("After this long without a record, event time runs on "
                    + "with the processing clock from the newest event, so windows close and alerts resolve when traffic stops.");

    // Anomaly alerts
    public static final ConfigOption<Double> ALERT_FAILURE_RATE_WARNING = key("alerts.failure-rate.warning").doubleType()
            .defaultValue(0.10).withDescription("Failure rate of a window (failed / requests) that raises a warning.");
    public static final ConfigOption<Double> ALERT_FAILURE_RATE_CRITICAL = key("alerts.failure-rate.critical").doubleType()
            .defaultValue(0.50).withDescription("Failure rate that makes the alert critical.");
    public static final ConfigOption<Double> ALERT_LATENCY_P95_WARNING_MS = key("alerts.latency-p95.warning-ms").doubleType()
            .defaultValue(10_000.0).withDescription("p95 total latency of a window that raises a warning.");
    public static final ConfigOption<Double> ALERT_LATENCY_P95_CRITICAL_MS = key("alerts.latency-p95.critical-ms").doubleType()
            .defaultValue(30_000.0).withDescription("p95 total latency that makes the alert critical.");
    public static final ConfigOption<Long> ALERT_RISK_FLAGGED_WARNING = key("alerts.risk-flagged.warning").longType()
            .defaultValue(5L).withDescription("Risk-flagged requests in one window (per mode) that raise a warning.");
    public static final ConfigOption<Long> ALERT_RISK_FLAGGED_CRITICAL = key("alerts.risk-flagged.critical").longType()
            .defaultValue(20L).withDescription("Risk-flagged requests in one window that make the alert critical.");
    public static final ConfigOption<Long> ALERT_MIN_REQUESTS = key("alerts.min-requests").longType()
            .defaultValue(10L).withDescription("Windows with fewer requests neither fire nor resolve an alert.");
    public static final ConfigOption<Double> ALERT_NO_TRAFFIC_RATIO = key("alerts.no-traffic.ratio").doubleType()
            .defaultValue(0.1).withDescription("A window whose requests (all modes) fall below this share of the learned "
                    + "baseline fires no_traffic (critical at zero); 0 turns the rule off.");
    public static final ConfigOption<Double> ALERT_BASELINE_ALPHA = key("alerts.baseline-alpha").doubleType()
            .defaultValue(0.3).withDescription("Weight of the newest normal window in the learned baseline (EWMA).");
    public static final ConfigOption<Double> ALERT_BASELINE_SIGMAS = key("alerts.baseline-sigmas").doubleType()
            .defaultValue(3.0).withDescription("A breach must also exceed the baseline by this many standard deviations.");
    public static final ConfigOption<Duration> ALERT_REPEAT_INTERVAL = key("alerts.repeat-interval").durationType()
            .defaultValue(Duration.ofMinutes(10)).withDescription("While an alert keeps firing, repeat its notice this often.");
    public static final ConfigOption<Duration> ALERT_COOLDOWN = key("alerts.cooldown").durationType()
            .defaultValue(Duration.ofMinutes(5)).withDescription("A breach this soon after a resolve reopens the same alert.");

    // Retention (./tts retention)
    public static final ConfigOption<Duration> RETENTION_LOG = key("retention.log").durationType()
            .defaultValue(Duration.ofDays(180)).withDescription("How long raw audit rows are kept.");
    public static final ConfigOption<Duration> RETENTION_AGGREGATES = key("retention.aggregates").durationType()
            .defaultValue(Duration.ofDays(730)).withDescription("How long window aggregates and alert history are kept.");

    // Sink and job
    public static final ConfigOption<Integer> SINK_BATCH = key("sink.batch-size").intType()
            .defaultValue(1000).withDescription("Rows per JDBC batch.");
    public static final ConfigOption<Long> SINK_FLUSH_MS = key("sink.flush-interval-ms").longType()
            .defaultValue(500L).withDescription("Most time a row waits in the sink's buffer.");
    public static final ConfigOption<Integer> SINK_RETRIES = key("sink.max-retries").intType()
            .defaultValue(3).withDescription("Retries of a failed JDBC batch before the job restarts.");
    /**
     * One connection cannot keep the server busy: the task binds the next batch only after the
     * last one committed. Two writers per subtask let one bind while the other's batch runs (the
     * audit-log sink benchmark in BENCHMARKS.md has both figures).
     */
    public static final ConfigOption<Integer> SINK_WRITERS = key("sink.writers").intType()
            .defaultValue(2).withDescription("Audit-log sink subtasks, each with its own connection, per subtask of the "
                    + "job; more than one spreads the audit records over them.");
    public static final ConfigOption<Long> CHECKPOINT_MS = key("checkpoint.interval-ms").longType()
            .defaultValue(10_000L).withDescription("Checkpoint interval; sinks flush on every checkpoint.");
    public static final ConfigOption<String> CHECKPOINT_DIR = key("checkpoint.dir").stringType()
            .defaultValue(".tts-run/checkpoints").withDescription("Where ./tts run keeps its checkpoints (the newest is "
                    + "retained when the process ends) and resumes from; on a cluster the cluster's checkpoint storage applies.");
    public static final ConfigOption<Duration> RESTART_MAX_BACKOFF = key("restart.max-backoff").durationType()
            .defaultValue(Duration.ofSeconds(30)).withDescription("./tts run restarts a failed job with exponential delay "
                    + "from 1 s up to this, for as long as it takes (restart-strategy.* keys replace the policy; on a cluster "
                    + "the cluster's restart strategy applies).");
    public static final ConfigOption<Integer> PARALLELISM = key("job.parallelism").intType()
            .defaultValue(1).withDescription("Parallelism of ./tts run; on a cluster the cluster's (flink run -p) applies.");
}
