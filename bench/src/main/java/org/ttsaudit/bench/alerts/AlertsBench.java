package org.ttsaudit.bench.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.bench.endtoend.LiveJob;
import org.ttsaudit.bench.endtoend.PacedProducer;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * How long an operator waits for an alert: scripted failure spikes in a running job with steady
 * normal traffic, each timed from its last event (submitted_at) and from the end of its window
 * to its row appearing in {@code tts_alerts}. A spike's requests fail because they seem to have
 * waited in the topic for twice request.max-age (their Kafka timestamps are set back): the job
 * sheds them as failed, REQUEST_EXPIRED, exactly as it would under overload.
 */
public final class AlertsBench implements Suite {
    private static final String SUITE = "alert latency";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Normal traffic throughout: it is what moves the watermark past a window's end. */
    private static final double BACKGROUND_RATE = 10;
    private static final double SPIKE_RATE = 50;

    /** Window and out-of-orderness shrink in the quick run; the full run keeps the default out-of-orderness. */
    private record Plan(Duration window, Duration outOfOrderness, Duration spike, int spikes, int warmWindows) {}

    private static final Plan FULL = new Plan(Duration.ofSeconds(10), null, Duration.ofSeconds(3), 3, 2);
    private static final Plan QUICK = new Plan(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1);

    @Override
    public String name() {
        return "alert latency";
    }

    @Override
    public String method() {
        return "LocalStack and TtsJob with the job's defaults except metrics.window " + FULL.window.toSeconds() + " s (so "
                + "that a spike and the window that resolves it take seconds, not minutes) and alerts.cooldown 0 (each spike "
                + "its own alert row); valid requests at " + (int) BACKGROUND_RATE + "/s throughout, and " + FULL.spikes
                + " spikes of " + (int) SPIKE_RATE + " failing requests/s for " + FULL.spike.toSeconds() + " s, each starting 1 s "
                + "into a window and waited out until its alert has resolved. tts_alerts is polled every "
                + AlertWatcher.INTERVAL_MS + " ms. Quick run: window 4 s, out-of-orderness 1 s, one spike of 1 s";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        Plan plan = ctx.quick ? QUICK : FULL;
        ctx.say("alert latency: starting Kafka and MariaDB");
        try (LiveJob live = LiveJob.start(ctx.workDir.resolve("alerts"), config -> tune(config, plan));
             AlertWatcher alerts = new AlertWatcher(live.stack.mysql.adminConnection());
             Background background = new Background(live.producer(), requests(live, "normal"), BACKGROUND_RATE)) {
            long window = plan.window.toMillis();
            Thread.sleep(plan.warmWindows * window + live.config.get(TtsOptions.METRICS_OUT_OF_ORDERNESS).toMillis());
            List<double[]> spikes = new ArrayList<>();
            try (PacedProducer failing = live.producer(live.config.get(TtsOptions.REQUEST_MAX_AGE).multipliedBy(2))) {
                for (int k = 0; k < plan.spikes; k++) {
                    long windowStart = (System.currentTimeMillis() / window + 1) * window;
                    Thread.sleep(windowStart + 1_000 - System.currentTimeMillis());
                    failing.sendFor(plan.spike.toMillis() / 1000.0, SPIKE_RATE, requests(live, "spike" + k));
                    long lastEvent = System.currentTimeMillis();
                    String id = alerts.awaitFiring(windowStart, Duration.ofMinutes(2));
                    long seen = alerts.firstSeen(id);
                    spikes.add(new double[] {seen - lastEvent, seen - (windowStart + window)});
                    ctx.say(String.format(Locale.ROOT, "alert latency: spike %d: alert row %.1f s after its last event, "
                            + "%.1f s after its window ended", k + 1, (seen - lastEvent) / 1000.0, (seen - windowStart - window) / 1000.0));
                    alerts.awaitResolved(id, Duration.ofMinutes(2));
                }
            }
            background.check();
            return figures(ctx, live.config, plan, spikes, alerts.count());
        }
    }

    private static void tune(Configuration config, Plan plan) {
        config.set(TtsOptions.METRICS_WINDOW, plan.window);
        // A request's age counts from when synthesis started at the earliest (the job's own start-up
        // does not count against it), so the spikes expire only once the job has run for longer than
        // request.max-age: shorter than the warm-up windows before the first spike.
        config.set(TtsOptions.REQUEST_MAX_AGE, Duration.ofSeconds(3));
        config.set(TtsOptions.ALERT_COOLDOWN, Duration.ZERO);
        if (plan.outOfOrderness != null) {
            config.set(TtsOptions.METRICS_OUT_OF_ORDERNESS, plan.outOfOrderness);
        }
    }

    private static List<Figure> figures(BenchContext ctx, Configuration config, Plan plan, List<double[]> spikes, int rows) {
        double[] fromEvent = spikes.stream().mapToDouble(s -> s[0]).toArray();
        double[] fromWindow = spikes.stream().mapToDouble(s -> s[1]).toArray();
        long ooo = config.get(TtsOptions.METRICS_OUT_OF_ORDERNESS).toMillis();
        long flush = config.get(TtsOptions.SINK_FLUSH_MS);
        String bound = String.format(Locale.ROOT, "a window is final when the watermark passes its end: when an event "
                + "metrics.out-of-orderness (%d s) newer than the end has been through the job, so normal traffic must keep "
                + "coming (with none, the watermark stands still; metrics.idle-timeout, %d s, only stops an idle subtask "
                + "from holding the others back); then the window row, the detector, and the alert sink's flush (every "
                + "%d ms, sink.flush-interval-ms) and up to %d ms of polling", ooo / 1000,
                config.get(TtsOptions.METRICS_IDLE_TIMEOUT).toSeconds(), flush, AlertWatcher.INTERVAL_MS);
        String fromEventLimit = "the rest of the spike's window (up to metrics.window, here " + plan.window.toSeconds()
                + " s; the default is 1 min) plus " + bound;
        ctx.fact("alert latency", String.format(Locale.ROOT, "%d spikes of %d failing requests within one %d s window, "
                + "%.0f valid requests/s throughout; %d alert rows, one per spike", spikes.size(),
                (int) (SPIKE_RATE * plan.spike.toSeconds()), plan.window.toSeconds(), BACKGROUND_RATE, rows));
        String detail = "over " + spikes.size() + " spikes: " + seconds(fromEvent);
        String windowDetail = "over " + spikes.size() + " spikes: " + seconds(fromWindow);
        return List.of(
                Figure.of(SUITE, "spike's last event to alert row, p50", Runs.percentile(fromEvent, 50) / 1000, "s", false)
                        .detail(detail).limit(fromEventLimit),
                Figure.of(SUITE, "spike's last event to alert row, max", max(fromEvent) / 1000, "s", false)
                        .detail(detail).limit(fromEventLimit),
                Figure.of(SUITE, "window end to alert row, p50", Runs.percentile(fromWindow, 50) / 1000, "s", false)
                        .detail(windowDetail).limit(bound),
                Figure.of(SUITE, "window end to alert row, max", max(fromWindow) / 1000, "s", false)
                        .detail(windowDetail).limit(bound));
    }

    private static String seconds(double[] millis) {
        StringBuilder sb = new StringBuilder();
        for (double m : millis) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f s", m / 1000));
        }
        return sb.toString();
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Valid requests, all in mode free (one alert key), each under a new id; submitted_at is set at sending. */
    private static IntFunction<GeneratedRequest> requests(LiveJob live, String prefix) {
        String voice = "file:" + live.voices().toAbsolutePath().resolve("voice-1.wav");
        return i -> {
            String id = prefix + "-" + i;
            ObjectNode n = JSON.createObjectNode().put("request_id", id).put("user_id", 3).put("text", "你好，世界")
                    .put("ref_audio_url", voice).put("submitted_at", Instant.now().toString());
            return new GeneratedRequest(id, n.toString().getBytes(StandardCharsets.UTF_8), "success", null, false);
        };
    }
}
