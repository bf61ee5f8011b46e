package org.ttsaudit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRendererTest {
    private final String html = new ReportRenderer(ReportSamples.sample()).html();

    @Test
    void shouldKeepThePageStructureWhateverTheDatabaseHolds() {
        String hostile = new ReportRenderer(ReportSamples.hostile()).html();

        // The hostile model differs from the sample only in strings: escaped, they add no element.
        assertThat(Pages.tags(hostile)).isEqualTo(Pages.tags(html));
        assertThat(hostile).doesNotContain("<script", "</td></tr></table></section><div", "fill=\"#ff00ff\"");
        assertThat(hostile).contains(Svg.escape(ReportSamples.INJECTED));
        assertThat(Pages.rows(hostile, "alerts").get(1).get(10)).isEqualTo(ReportSamples.INJECTED + " " + ReportSamples.UNBROKEN);
        assertThat(Pages.rows(hostile, "error-codes").get(0).get(0)).isEqualTo(ReportSamples.INJECTED + ReportSamples.UNBROKEN);
    }

    @Test
    void shouldForbidScriptsAndOutsideResources() {
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
        assertThat(Pages.tags(html)).doesNotContain("script", "link", "img", "iframe", "object");
        assertThat(html).doesNotContain("http://", "https://", "url(");
    }

    @Test
    void shouldShowTheHeaderAndOverviewNumbers() {
        assertThat(html).contains("<dd id=\"generated\">2026-03-01 12:34:56 UTC</dd>")
                .contains("<dd id=\"source\">jdbc:mysql://db:3306/tts as tts_analyst</dd>")
                .contains("everything in the tables (windows 2026-03-01 10:00:00 to 2026-03-01 10:10:00 UTC)");
        String overview = Pages.section(html, "overview");
        // 437 + 37 + 30 logged; 37 of 504 failed; 10 windows of 40 + 10 requests; one firing alert; 3 + 1 late.
        for (String card : List.of("504</div><div class=\"label\">logged requests", "37</div><div class=\"label\">failed",
                "7.34%</div><div class=\"label\">failure rate", "500</div><div class=\"label\">in closed windows",
                "1</div><div class=\"label\">alerts firing", "4</div><div class=\"label\">late records")) {
            assertThat(overview).contains(card);
        }
    }

    @Test
    void shouldTabulateEveryWindowAndModeWithItsNumbers() {
        assertThat(Pages.rows(html, "failure-rate")).containsExactly(
                List.of("controlled", "100", "2", "2.00%", "20.00%", "1,700"),
                List.of("free", "400", "33", "8.25%", "60.00%", "1,680"));
        List<List<String>> windows = Pages.rows(html, "volume");
        assertThat(windows).hasSize(2 * ReportSamples.WINDOWS);
        assertThat(windows.get(2 * ReportSamples.SPIKE + 1)).containsExactly(
                "2026-03-01 10:06:00", "free", "40", "14", "24", "2", "60.00%", "860", "1,620", "2,580");
        assertThat(windows.get(2 * ReportSamples.NO_SUCCESS)).containsExactly(
                "2026-03-01 10:08:00", "controlled", "10", "0", "0", "10", "0.00%", "–", "–", "–");
    }

    @Test
    void shouldTabulateEmotionsErrorCodesAlertsAndLateRecords() {
        assertThat(Pages.rows(html, "emotions")).containsExactly(List.of("neutral", "150", "1.00"), List.of("happy", "120", "0.75"),
                List.of("calm", "90", "0.50"), List.of("angry", "40", "0.90"), List.of("sad", "10", "–"));
        assertThat(Pages.rows(html, "error-codes")).extracting(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2)).containsExactly(
                "STORAGE_ERROR/failed/32", "REF_AUDIO_TOO_SHORT/rejected/12", "MALFORMED_JSON/rejected/8", "TEXT_TOO_LONG/rejected/4");
        assertThat(Pages.rows(html, "alerts")).containsExactly(
                List.of("firing", "latency_p95", "controlled", "warning", "12,000 ms", "10,000 ms", "2026-03-01 10:09:00", "–",
                        "65 s so far", "1", "p95 latency above 10000 ms in mode controlled"),
                List.of("resolved", "failure_rate", "free", "critical", "60.00%", "50.00%", "2026-03-01 10:07:00",
                        "2026-03-01 10:08:00", "60 s", "2", "failure rate above 10% in mode free"));
        assertThat(Pages.section(html, "alerts")).contains("<tr class=\"firing\">", "<tr class=\"resolved\">");
        assertThat(Pages.rows(html, "late")).containsExactly(List.of("success", "free", "3"), List.of("rejected", "–", "1"));
        assertThat(Pages.rows(html, "reference-clips")).containsExactly(List.of("REF_AUDIO_TOO_SHORT", "12", "5"),
                List.of("REF_AUDIO_NOISY", "7", "3"));
    }

    @Test
    void shouldPlotOnePointPerWindowEvenlyInTimeAndProportionalToTheValue() {
        String svg = new ReportRenderer(ReportSamples.sample()).failureRate.svg();
        List<double[]> free = Pages.points(svg, "free");
        assertThat(free).hasSize(ReportSamples.WINDOWS);
        double step = free.get(1)[0] - free.get(0)[0];
        assertThat(step).isPositive();
        for (int i = 1; i < free.size(); i++) {
            assertThat(free.get(i)[0] - free.get(i - 1)[0]).as("x step %d", i).isCloseTo(step, within(0.11));
        }
        double bottom = LineChart.TOP + LineChart.PLOT_HEIGHT;
        double quiet = bottom - free.get(0)[1];
        double spike = bottom - free.get(ReportSamples.SPIKE)[1];
        assertThat(spike / quiet).as("60 %% against 2.5 %%").isCloseTo(0.6 / 0.025, within(0.5));
        assertThat(spike).isLessThanOrEqualTo(LineChart.PLOT_HEIGHT);
        List<double[]> controlled = Pages.points(svg, "controlled");
        assertThat(controlled.get(0)[1]).as("a zero rate sits on the bottom edge").isEqualTo(bottom);
        assertThat(svg.split("<circle ", -1)).as("a marker per point").hasSize(2 * ReportSamples.WINDOWS + 1);
    }

    @Test
    void shouldLeaveOutLatencyOfAWindowWithoutSuccessAndKeepTheOthersInPlace() {
        ReportRenderer renderer = new ReportRenderer(ReportSamples.sample());
        assertThat(renderer.latency).extracting(LineChart::title).containsExactly(
                "Total latency of successful requests, mode controlled", "Total latency of successful requests, mode free");
        String controlled = renderer.latency.get(0).svg();
        List<double[]> p50 = Pages.points(controlled, "p50");
        assertThat(p50).hasSize(ReportSamples.WINDOWS - 1);
        double step = p50.get(1)[0] - p50.get(0)[0];
        int before = ReportSamples.NO_SUCCESS - 1;
        assertThat(p50.get(before + 1)[0] - p50.get(before)[0]).as("the gap spans two steps").isCloseTo(2 * step, within(0.2));
        double[] p95 = Pages.points(controlled, "p95").get(0);
        double[] p99 = Pages.points(controlled, "p99").get(0);
        assertThat(p99[1]).as("higher latency is drawn higher").isLessThan(p95[1]).isLessThan(p50.get(0)[1]);
    }

    @Test
    void shouldSayWhichTableIsEmptyInsteadOfDrawingNothing() {
        String empty = new ReportRenderer(ReportSamples.empty()).html();
        assertThat(empty).doesNotContain("<svg", "<table");
        assertThat(empty).contains("since 2026-03-01 10:00:00 UTC");
        for (String id : List.of("failure-rate", "latency", "volume")) {
            assertThat(Pages.section(empty, id)).contains("<p class=\"empty\">No windows in this range: tts_failure_metrics has no rows.");
        }
        assertThat(Pages.section(empty, "emotions")).contains("tts_emotion_metrics has no rows");
        assertThat(Pages.section(empty, "error-codes")).contains("tts_error_metrics has no rows");
        assertThat(Pages.section(empty, "alerts")).contains("tts_alerts has no episodes");
        assertThat(Pages.section(empty, "late")).contains("No late records");
        assertThat(Pages.section(empty, "reference-clips")).contains("No reference-clip problems");
        assertThat(Pages.section(empty, "overview")).contains("0</div><div class=\"label\">logged requests",
                "–</div><div class=\"label\">failure rate");
    }
}
