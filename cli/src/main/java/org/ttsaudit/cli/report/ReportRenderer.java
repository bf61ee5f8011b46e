package org.ttsaudit.cli.report;

import static org.ttsaudit.cli.report.HtmlTable.number;
import static org.ttsaudit.cli.report.HtmlTable.prose;
import static org.ttsaudit.cli.report.HtmlTable.text;
import static org.ttsaudit.cli.report.Svg.escape;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.ttsaudit.cli.report.LineChart.Point;
import org.ttsaudit.cli.report.LineChart.Series;
import org.ttsaudit.cli.report.ReportData.Window;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: inline CSS and SVG, no script, no
 * external resource (a Content-Security-Policy forbids both), every database value escaped, and a
 * table beside or under each chart so the numbers can be read.
 */
public final class ReportRenderer {
    /** Colours of the modes' lines, in the order of the modes' names. */
    static final List<String> MODE_COLOURS = List.of("#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22");
    static final String P50 = "#2ca02c";
    static final String P95 = "#ff7f0e";
    static final String P99 = "#1f77b4";
    static final String REQUESTS = "#1f77b4";
    static final String SUCCESSES = "#2ca02c";
    static final String FAILURES = "#d62728";
    static final String REJECTIONS = "#ff7f0e";
    static final String EMOTION_BARS = "#17becf";
    static final String ERROR_BARS = "#e45756";
    /** The chart shows the most frequent codes; the table beside it lists them all. */
    static final int TOP_ERROR_CODES = 10;
    private static final String NO_WINDOWS = "No windows in this range: tts_failure_metrics has no rows.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ReportData data;
    private final Map<String, List<Window>> byMode = new TreeMap<>();
    /** Charts in page order; null where their table is empty; a latency chart per mode with a successful window. */
    public final LineChart failureRate;
    public final List<LineChart> latency;
    public final LineChart volume;
    public final BarChart emotions;
    public final BarChart errorCodes;

    public ReportRenderer(ReportData data) {
        this.data = data;
        data.windows().forEach(w -> byMode.computeIfAbsent(w.mode(), m -> new ArrayList<>()).add(w));
        boolean any = !data.windows().isEmpty();
        List<Series> rates = new ArrayList<>();
        List<LineChart> latencies = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Window>> mode : byMode.entrySet()) {
            List<Window> rows = mode.getValue();
            rates.add(new Series(mode.getKey(), MODE_COLOURS.get(i++ % MODE_COLOURS.size()), points(rows, Window::failureRate)));
            if (rows.stream().anyMatch(w -> w.p50Ms() != null)) {
                latencies.add(new LineChart("Total latency of successful requests, mode " + mode.getKey(), List.of(
                        new Series("p50", P50, latencyPoints(rows, Window::p50Ms)),
                        new Series("p95", P95, latencyPoints(rows, Window::p95Ms)),
                        new Series("p99", P99, latencyPoints(rows, Window::p99Ms))), v -> axis(v, " ms")));
            }
        }
        this.failureRate = any ? new LineChart("Failure rate per window and mode", rates, v -> axis(100 * v, "%")) : null;
        this.latency = List.copyOf(latencies);
        List<Window> totals = totalsPerWindow(data.windows());
        this.volume = any ? new LineChart("Requests per window, all modes", List.of(
                new Series("requests", REQUESTS, points(totals, w -> w.requests())),
                new Series("successes", SUCCESSES, points(totals, w -> w.successes())),
                new Series("failures", FAILURES, points(totals, w -> w.failures())),
                new Series("rejections", REJECTIONS, points(totals, w -> w.rejections()))), v -> axis(v, "")) : null;
        this.emotions = data.emotions().isEmpty() ? null : new BarChart("Requests per emotion", EMOTION_BARS,
                data.emotions().stream().map(e -> new BarChart.Bar(e.emotion(), e.requests())).toList(), ReportRenderer::count);
        this.errorCodes = data.errorCodes().isEmpty() ? null : new BarChart("Most frequent error codes", ERROR_BARS,
                data.errorCodes().stream().limit(TOP_ERROR_CODES).map(e -> new BarChart.Bar(e.code(), e.requests())).toList(),
                ReportRenderer::count);
    }

    public String html() {
        boolean any = !data.windows().isEmpty();
        StringBuilder sb = new StringBuilder(32_768);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>TTS audit report</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        header(sb);
        overview(sb);
        section(sb, "failure-rate", "Failure rate", failureRate == null ? null : figure(failureRate.title(), failureRate.svg()),
                modeTable(), NO_WINDOWS);
        section(sb, "latency", "Latency", latency.isEmpty() ? null
                : latency.stream().map(c -> figure(c.title(), c.svg())).collect(Collectors.joining()), null,
                any ? "No latency in this range: no window had a successful request." : NO_WINDOWS);
        section(sb, "volume", "Requests per window", volume == null ? null : figure(volume.title(), volume.svg())
                + windowTable(), null, NO_WINDOWS);
        section(sb, "emotions", "Emotions", emotions == null ? null : figure(emotions.title(), emotions.svg()), emotionTable(),
                "No emotions in this range: tts_emotion_metrics has no rows.");
        section(sb, "error-codes", "Top error codes", errorCodes == null ? null : figure(errorCodes.title(), errorCodes.svg()),
                errorTable(), "No error codes in this range: tts_error_metrics has no rows.");
        section(sb, "reference-clips", "Reference clips", null, referenceTable(), "No reference-clip problems in this range: "
                + "no clip was rejected, and none accepted under 25 dB SNR.");
        section(sb, "alerts", "Alerts", null, alertTable(), "No alerts in this range: tts_alerts has no episodes.");
        section(sb, "late", "Late records", null, lateTable(),
                "No late records in this range: every record arrived in time for its window.");
        sb.append("<footer>Made by <code>./tts report</code> from the aggregate tables, tts_alerts, tts_late_records and "
                + "the view tts_generation_log_analyst. Times are UTC. The page is self-contained: no script, nothing "
                + "loaded from elsewhere.</footer>\n</body></html>\n");
        return sb.toString();
    }

    private void header(StringBuilder sb) {
        sb.append("<header><h1>TTS audit report</h1><dl class=\"meta\">")
                .append("<dt>Generated</dt><dd id=\"generated\">").append(time(data.generatedAt())).append(" UTC</dd>")
                .append("<dt>Data source</dt><dd id=\"source\">").append(escape(data.source())).append("</dd>")
                .append("<dt>Time range</dt><dd id=\"range\">").append(escape(rangeText())).append("</dd></dl></header>\n");
    }

    private String rangeText() {
        String asked = data.since() == null ? "everything in the tables" : "since " + time(data.since()) + " UTC";
        if (data.windows().isEmpty()) {
            return asked;
        }
        Instant first = data.windows().get(0).start();
        Instant last = data.windows().get(data.windows().size() - 1).end();
        return asked + " (windows " + time(first) + " to " + time(last) + " UTC)";
    }

    private void overview(StringBuilder sb) {
        long logged = data.outcomes().values().stream().mapToLong(Long::longValue).sum();
        long failed = data.outcomes().getOrDefault("failed", 0L);
        long inWindows = data.windows().stream().mapToLong(Window::requests).sum();
        long firing = data.alerts().stream().filter(a -> "firing".equals(a.state())).count();
        long late = data.late().stream().mapToLong(ReportData.Late::records).sum();
        sb.append("<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">");
        card(sb, "logged requests", count(logged));
        for (String status : List.of("success", "failed", "rejected")) {
            card(sb, status, count(data.outcomes().getOrDefault(status, 0L)));
        }
        card(sb, "failure rate", logged == 0 ? "–" : percent((double) failed / logged));
        card(sb, "in closed windows", count(inWindows));
        card(sb, "alerts firing", count(firing));
        card(sb, "late records", count(late));
        sb.append("</div><p class=\"note\">Logged requests and the failure rate (failed / logged) come from the raw log by "
                + "event time; the charts from the window tables, which hold a window once it has closed. Late records "
                + "are in the log but in no window.</p></section>\n");
    }

    private static void card(StringBuilder sb, String label, String value) {
        sb.append("<div class=\"card\"><div class=\"value\">").append(escape(value)).append("</div><div class=\"label\">")
                .append(escape(label)).append("</div></div>");
    }

    private static String figure(String title, String svg) {
        return "<figure><figcaption>" + escape(title) + "</figcaption>" + svg + "</figure>";
    }

    /**
     * A section: charts, with a table beside them (under them on a narrow screen), or the message
     * that says which table was empty.
     */
    private static void section(StringBuilder sb, String id, String title, String chart, String table, String empty) {
        sb.append("<section id=\"").append(id).append("\"><h2>").append(escape(title)).append("</h2>");
        if (chart == null && table == null) {
            sb.append("<p class=\"empty\">").append(escape(empty)).append("</p>");
        } else {
            sb.append("<div class=\"row\">");
            if (chart != null) {
                sb.append("<div class=\"charts\">").append(chart).append("</div>");
            }
            if (table != null) {
                sb.append("<div class=\"side\">").append(table).append("</div>");
            }
            sb.append("</div>");
        }
        sb.append("</section>\n");
    }

    /** Per mode over the range: the sums, and the worst window of each rule the alerts watch. */
    private String modeTable() {
        if (byMode.isEmpty()) {
            return null;
        }
        List<String[]> rows = byMode.entrySet().stream().map(e -> {
            List<Window> w = e.getValue();
            long requests = w.stream().mapToLong(Window::requests).sum();
            long failures = w.stream().mapToLong(Window::failures).sum();
            double worstRate = w.stream().mapToDouble(Window::failureRate).max().orElse(0);
            Long worstP95 = w.stream().map(Window::p95Ms).filter(Objects::nonNull).max(Long::compare).orElse(null);
            return new String[] {e.getKey(), count(requests), count(failures),
                requests == 0 ? "–" : percent((double) failures / requests), percent(worstRate), ms(worstP95)};
        }).toList();
        return HtmlTable.of(List.of(text("mode"), number("requests"), number("failures"), number("failure rate"),
                number("worst window"), number("worst p95 ms")), rows, null);
    }

    private String windowTable() {
        if (data.windows().isEmpty()) {
            return null;
        }
        List<String[]> rows = data.windows().stream().map(w -> new String[] {time(w.start()), w.mode(), count(w.requests()),
            count(w.successes()), count(w.failures()), count(w.rejections()), percent(w.failureRate()), ms(w.p50Ms()),
            ms(w.p95Ms()), ms(w.p99Ms())}).toList();
        return HtmlTable.of(List.of(text("window start (UTC)"), text("mode"), number("requests"), number("successes"),
                number("failures"), number("rejections"), number("failure rate"), number("p50 ms"), number("p95 ms"),
                number("p99 ms")), rows, null);
    }

    private String emotionTable() {
        if (data.emotions().isEmpty()) {
            return null;
        }
        return HtmlTable.of(List.of(prose("emotion"), number("requests"), number("mean intensity")), data.emotions().stream().map(e ->
                new String[] {e.emotion(), count(e.requests()), e.meanIntensity() == null ? "–" : fixed(e.meanIntensity(), 2)})
                .toList(), null);
    }

    private String errorTable() {
        if (data.errorCodes().isEmpty()) {
            return null;
        }
        return HtmlTable.of(List.of(prose("error code"), text("status"), number("requests")), data.errorCodes().stream().map(e ->
                new String[] {e.code(), e.status(), count(e.requests())}).toList(), null);
    }

    /** The reference gate's rejections by reason (refaudio.min-duration-ms, refaudio.min-snr-db, ...): what users upload. */
    private String referenceTable() {
        if (data.references().isEmpty()) {
            return null;
        }
        return HtmlTable.of(List.of(prose("problem"), number("requests"), number("users")), data.references().stream().map(r ->
                new String[] {r.problem(), count(r.requests()), count(r.users())}).toList(), null);
    }

    private String alertTable() {
        if (data.alerts().isEmpty()) {
            return null;
        }
        List<String[]> rows = data.alerts().stream().map(a -> new String[] {a.state(), a.rule(), a.mode(), a.severity(),
            observed(a.rule(), a.observed()), observed(a.rule(), a.threshold()), time(a.firedAt()),
            a.resolvedAt() == null ? "–" : time(a.resolvedAt()),
            duration(a.durationSeconds()) + (a.resolvedAt() == null ? " so far" : ""), count(a.notifications()),
            a.message()}).toList();
        return HtmlTable.of(List.of(text("state"), text("rule"), text("mode"), text("severity"), number("observed"),
                number("threshold"), text("fired at (UTC)"), text("resolved at (UTC)"), number("lasted"), number("notices"),
                prose("message")), rows, row -> "firing".equals(row[0]) ? "firing" : "resolved");
    }

    private String lateTable() {
        if (data.late().isEmpty()) {
            return null;
        }
        return HtmlTable.of(List.of(text("status"), text("mode"), number("records")), data.late().stream().map(l ->
                new String[] {l.status(), l.mode() == null ? "–" : l.mode(), count(l.records())}).toList(), null);
    }

    /** Requests, successes, failures and rejections summed over the modes of each window. */
    private static List<Window> totalsPerWindow(List<Window> windows) {
        Map<Instant, Window> sums = new TreeMap<>();
        for (Window w : windows) {
            sums.merge(w.start(), w, (a, b) -> new Window(a.start(), a.end(), "all", a.requests() + b.requests(),
                    a.successes() + b.successes(), a.failures() + b.failures(), a.rejections() + b.rejections(), 0, null, null, null));
        }
        return List.copyOf(sums.values());
    }

    private static List<Point> points(List<Window> rows, ToDoubleFunction<Window> value) {
        return rows.stream().map(w -> new Point(w.start(), value.applyAsDouble(w))).toList();
    }

    /** Windows without a success have no latency: no point rather than a false zero. */
    private static List<Point> latencyPoints(List<Window> rows, Function<Window, Long> value) {
        return rows.stream().filter(w -> value.apply(w) != null).map(w -> new Point(w.start(), value.apply(w))).toList();
    }

    private static String observed(String rule, double value) {
        return rule.startsWith("failure") ? percent(value) : rule.startsWith("latency") ? count(value) + " ms" : fixed(value, 3);
    }

    private static String duration(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : fixed(seconds / 3600.0, 1) + " h";
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Axis labels: whole numbers where the tick is whole, else one decimal. */
    private static String axis(double v, String unit) {
        return (Math.rint(v) == v ? count(v) : String.format(Locale.ROOT, "%,.1f", v)) + unit;
    }

    private static String ms(Long v) {
        return v == null ? "–" : count(v);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:#202124;\
            background:#fff;max-width:1200px;margin:0 auto;padding:16px 24px}
            h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dadce0;padding-bottom:4px}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:#5f6368}dd{margin:0;overflow-wrap:anywhere}
            .cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #dadce0;border-radius:6px;padding:8px 14px;min-width:110px}
            .card .value{font-size:20px;font-weight:600}.card .label{color:#5f6368;font-size:12px}
            .note,footer{color:#5f6368;font-size:12px}footer{margin:32px 0 8px}
            .row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.charts{display:flex;flex-direction:column;gap:12px;min-width:0;max-width:100%}
            .side{flex:1 1 320px;min-width:0;max-width:100%}
            figure{margin:0}figcaption{font-size:13px;font-weight:600;margin:4px 0}.scroll{max-height:340px;overflow:auto}
            svg.chart{display:block;flex:none}
            table{border-collapse:collapse;font-size:12px;width:100%}
            th,td{padding:3px 8px;border-bottom:1px solid #eceff1;text-align:left;vertical-align:top;white-space:nowrap}
            th{background:#f8f9fa;position:sticky;top:0;white-space:normal}.n{text-align:right;font-variant-numeric:tabular-nums}
            .p{white-space:normal;overflow-wrap:anywhere;min-width:10em}
            tr.firing td:first-child{color:#a50e0e;font-weight:600}tr.resolved td:first-child{color:#137333}
            .empty{color:#5f6368;background:#f8f9fa;border-left:4px solid #dadce0;padding:10px 14px}
            """;
}
