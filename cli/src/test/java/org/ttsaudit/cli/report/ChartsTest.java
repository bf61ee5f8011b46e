package org.ttsaudit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsaudit.cli.report.LineChart.Point;
import org.ttsaudit.cli.report.LineChart.Series;

class ChartsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void lineChartSpacesPointsByTime() {
        LineChart chart = new LineChart("t", List.of(new Series("s", "#000000", List.of(
                new Point(T0, 1), new Point(T0.plusSeconds(60), 2), new Point(T0.plusSeconds(180), 4)))), v -> "");
        List<double[]> points = Pages.points(chart.svg(), "s");
        assertThat(points).hasSize(3);
        assertThat(points.get(2)[0] - points.get(1)[0]).isCloseTo(2 * (points.get(1)[0] - points.get(0)[0]), within(0.2));
        assertThat(points.get(0)[0]).isEqualTo(LineChart.LEFT + LineChart.PAD);
        assertThat(points.get(2)[0]).isEqualTo(LineChart.LEFT + LineChart.PLOT_WIDTH - LineChart.PAD);
        assertThat(points.get(2)[1]).as("4 on a scale to 5").isCloseTo(LineChart.TOP + LineChart.PLOT_HEIGHT * 0.2, within(0.1));
    }

    @Test
    void lineChartOfOneWindowPutsItsPointInTheMiddle() {
        LineChart chart = new LineChart("t", List.of(new Series("s", "#000000", List.of(new Point(T0, 0)))), v -> "");
        assertThat(Pages.points(chart.svg(), "s")).singleElement()
                .satisfies(p -> assertThat(p[0]).isEqualTo(LineChart.LEFT + LineChart.PLOT_WIDTH / 2.0));
    }

    @Test
    void lineChartEscapesSeriesNamesInAttributesAndText() {
        String svg = new LineChart("<t>", List.of(new Series("a\" onmouseover=\"x", "#000000", List.of(new Point(T0, 1)))),
                v -> "<" + v).svg();
        assertThat(svg).contains("data-series=\"a&quot; onmouseover=&quot;x\"", "<title>&lt;t&gt;</title>", ">&lt;1.0</text>")
                .doesNotContain("\" onmouseover=\"");
    }

    @Test
    void scaleTopIsARoundNumberAtLeastTheLargestValue() {
        assertThat(Svg.niceMax(0)).isEqualTo(1);
        assertThat(Svg.niceMax(0.6)).isEqualTo(1);
        assertThat(Svg.niceMax(0.025)).isEqualTo(0.025);
        assertThat(Svg.niceMax(26)).isEqualTo(50);
        assertThat(Svg.niceMax(2680)).isEqualTo(5000);
        assertThat(Svg.niceMax(1500)).isEqualTo(2000);
        assertThat(Svg.ticks(2000)).isEqualTo(4);
        assertThat(Svg.ticks(2.5)).isEqualTo(5);
    }

    @Test
    void barLengthsFollowTheValuesAndTheLargestSpansTheBox() {
        BarChart chart = new BarChart("t", "#123456", List.of(new BarChart.Bar("a", 40), new BarChart.Bar("b", 10),
                new BarChart.Bar("c".repeat(40), 0)), v -> "");
        assertThat(chart.bar(0).width()).isEqualTo(BarChart.PLOT_WIDTH);
        assertThat(chart.bar(1).width()).isEqualTo(BarChart.PLOT_WIDTH / 4.0);
        assertThat(chart.bar(2).width()).isZero();
        assertThat(chart.bar(1).y() - chart.bar(0).y()).isEqualTo(BarChart.BAND);
        String svg = chart.svg();
        assertThat(svg.split("fill=\"#123456\"", -1)).hasSize(4);
        assertThat(svg).contains("width=\"" + Svg.num(BarChart.PLOT_WIDTH / 4.0) + "\"").contains(">" + "c".repeat(25) + "…</text>");
        assertThat(chart.height()).isEqualTo(BarChart.TOP + 3 * BarChart.BAND + 6);
    }
}
