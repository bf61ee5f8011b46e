package org.ttsaudit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ttsaudit.cli.report.LineChart.Series;

/**
 * The report as a browser draws it: headless Chromium screenshots the page, and the test finds
 * each chart's plot box by its frame colour, then checks the pixels where the data says the
 * series and bars must be. A chart that is not drawn, or drawn in the wrong place or scale,
 * fails here; so does markup from the database that paints over the page or widens it.
 */
class ReportScreenshotITCase {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 3400;
    private static final Path DIR = Path.of("target", "report-screenshots");
    private static final int WHITE = 0xffffff;

    private static final ReportRenderer SAMPLE = new ReportRenderer(ReportSamples.sample());
    private HeadlessChromium chromium;

    /** Per test, so a machine without chromium reports each test as skipped, with the reason. */
    @BeforeEach
    void findChromium() {
        chromium = HeadlessChromium.requireOrSkip();
    }

    @Test
    void shouldDrawEveryChartWhereTheDataPutsIt() throws Exception {
        BufferedImage page = screenshot("report", SAMPLE);

        assertThat(share(page, new Rectangle(0, 0, WIDTH, HEIGHT), rgb -> rgb != WHITE)).as("page not blank").isGreaterThan(0.03);
        List<Rectangle> boxes = plotBoxes(page);
        // Failure rate, latency of controlled and of free, requests per window, emotions, error codes.
        assertThat(boxes).extracting(b -> b.width + "x" + b.height).containsExactly("640x196", "640x196", "640x196",
                "640x196", "320x120", "320x96");

        failureRateFollowsTheWindows(page, boxes.get(0));
        latencyPercentilesAreStackedInOrder(page, boxes.get(2));
        barsHaveTheirLengths(page, boxes.get(5), SAMPLE.errorCodes, ReportRenderer.ERROR_BARS, new double[] {32, 12, 8, 4});
        barsHaveTheirLengths(page, boxes.get(4), SAMPLE.emotions, ReportRenderer.EMOTION_BARS, new double[] {150, 120, 90, 40, 10});
    }

    @Test
    void shouldKeepTheLayoutWithHostileStringsFromTheDatabase() throws Exception {
        List<Rectangle> clean = plotBoxes(screenshot("report", SAMPLE));
        ReportRenderer hostile = new ReportRenderer(ReportSamples.hostile());
        BufferedImage page = screenshot("hostile", hostile);

        assertThat(share(page, new Rectangle(0, 0, WIDTH, HEIGHT), rgb -> rgb == 0xff00ff))
                .as("injected markup painted the page").isZero();
        List<Rectangle> boxes = plotBoxes(page);
        assertThat(boxes).extracting(b -> b.x + ":" + b.width + "x" + b.height)
                .containsExactlyElementsOf(clean.stream().map(b -> b.x + ":" + b.width + "x" + b.height).toList());
        // Body content ends 40 px before the right edge: an overlong value that widened the page would show here.
        assertThat(share(page, new Rectangle(WIDTH - 38, 0, 38, HEIGHT), rgb -> rgb != WHITE)).as("right margin").isZero();
        barsHaveTheirLengths(page, boxes.get(5), hostile.errorCodes, ReportRenderer.ERROR_BARS, new double[] {32, 12, 8, 4});
    }

    private static void failureRateFollowsTheWindows(BufferedImage page, Rectangle box) {
        LineChart chart = SAMPLE.failureRate;
        int colour = colour(chart, "free");
        for (int i = 0; i < ReportSamples.WINDOWS; i++) {
            Instant t = ReportSamples.START.plus(Duration.ofMinutes(i));
            double rate = i == ReportSamples.SPIKE ? 0.6 : 0.025;
            int x = box.x - LineChart.LEFT + (int) chart.x(t);
            int y = box.y - LineChart.TOP + (int) chart.y(rate);
            assertThat(near(page, x, y, 2, colour, 0)).as("marker of window %d at %d,%d", i, x, y).isTrue();
            // Independently of the renderer's scale: the spike high in the box, quiet windows on its floor.
            double height = (box.y + box.height - y) / (double) box.height;
            assertThat(height).as("height of window %d", i).isCloseTo(i == ReportSamples.SPIKE ? 0.6 : 0.025, within(0.03));
        }
        int spikeX = box.x - LineChart.LEFT + (int) chart.x(ReportSamples.START.plus(Duration.ofMinutes(ReportSamples.SPIKE)));
        Rectangle floorUnderSpike = new Rectangle(spikeX - 1, box.y + box.height - box.height / 10, 3, box.height / 10);
        assertThat(share(page, floorUnderSpike, rgb -> rgb == colour)).as("nothing of the series under the spike").isZero();
        // The line between two quiet windows, away from both markers: drawn, not only the points.
        int midX = box.x - LineChart.LEFT + (int) ((chart.x(ReportSamples.START.plus(Duration.ofMinutes(1)))
                + chart.x(ReportSamples.START.plus(Duration.ofMinutes(2)))) / 2);
        int quietY = box.y - LineChart.TOP + (int) chart.y(0.025);
        assertThat(near(page, midX, quietY, 2, colour, 40)).as("line segment at %d,%d", midX, quietY).isTrue();
        assertThat(share(page, box, rgb -> rgb == colour)).as("series inside the box").isPositive();
    }

    /** At the first window of mode free (p50 800, p95 1500, p99 2400 ms): p99 above p95 above p50, in proportion. */
    private static void latencyPercentilesAreStackedInOrder(BufferedImage page, Rectangle box) {
        LineChart chart = SAMPLE.latency.get(1);
        int x = box.x - LineChart.LEFT + (int) chart.x(ReportSamples.START);
        double floor = box.y + box.height;
        double p50 = floor - centreY(page, x, box, colour(chart, "p50"));
        double p95 = floor - centreY(page, x, box, colour(chart, "p95"));
        double p99 = floor - centreY(page, x, box, colour(chart, "p99"));
        assertThat(p95 / p50).isCloseTo(1500 / 800.0, within(0.06));
        assertThat(p99 / p50).isCloseTo(2400 / 800.0, within(0.08));
    }

    /**
     * The largest bar's rectangle, where the renderer says it is, is filled with the bar colour;
     * each bar's run of colour along its middle is as long as its share of the largest value.
     */
    private static void barsHaveTheirLengths(BufferedImage page, Rectangle box, BarChart chart, String barColour, double[] values) {
        int colour = Integer.parseInt(barColour.substring(1), 16);
        int dx = box.x - BarChart.LEFT;
        int dy = box.y - BarChart.TOP;
        BarChart.Box largest = chart.bar(0);
        Rectangle inside = new Rectangle(dx + (int) largest.x() + 2, dy + (int) largest.y() + 2,
                (int) largest.width() - 4, (int) largest.height() - 4);
        assertThat(share(page, inside, rgb -> rgb == colour)).as("largest bar filled").isGreaterThan(0.99);
        for (int i = 0; i < values.length; i++) {
            int y = dy + (int) (chart.bar(i).y() + BarChart.BAR / 2.0);
            int run = 0;
            while (box.x + 1 + run < WIDTH && rgb(page, box.x + 1 + run, y) == colour) {
                run++;
            }
            assertThat((double) run).as("bar %d length", i).isCloseTo(box.width * values[i] / values[0], within(2.5));
        }
    }

    private BufferedImage screenshot(String name, ReportRenderer renderer) throws Exception {
        Files.createDirectories(DIR);
        Path html = DIR.resolve(name + ".html");
        Files.writeString(html, renderer.html());
        long start = System.nanoTime();
        BufferedImage image = chromium.screenshot(html, WIDTH, HEIGHT, DIR);
        System.out.printf("chromium screenshot of %s: %d ms%n", name, (System.nanoTime() - start) / 1_000_000);
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        return image;
    }

    /**
     * Plot boxes, top to bottom: a top-left corner of the frame colour with a run of it to the
     * right and down. Their sizes are the frame's inner width and height.
     */
    private static List<Rectangle> plotBoxes(BufferedImage page) {
        int frame = Integer.parseInt(Svg.FRAME.substring(1), 16);
        List<Rectangle> boxes = new ArrayList<>();
        for (int y = 1; y < page.getHeight(); y++) {
            for (int x = 1; x < page.getWidth(); x++) {
                if (rgb(page, x, y) != frame || rgb(page, x - 1, y) == frame || rgb(page, x, y - 1) == frame) {
                    continue;
                }
                int w = 0;
                while (x + w < page.getWidth() && rgb(page, x + w, y) == frame) {
                    w++;
                }
                int h = 0;
                while (y + h < page.getHeight() && rgb(page, x, y + h) == frame) {
                    h++;
                }
                if (w > 100 && h > 20) {
                    boxes.add(new Rectangle(x, y, w - 1, h - 1));
                }
            }
        }
        return boxes;
    }

    private static int colour(LineChart chart, String series) {
        Series s = chart.series().stream().filter(c -> c.name().equals(series)).findFirst().orElseThrow();
        return Integer.parseInt(s.colour().substring(1), 16);
    }

    /** Mean row of the pixels of a colour in three columns around x inside the box. */
    private static double centreY(BufferedImage page, int x, Rectangle box, int colour) {
        double sum = 0;
        int n = 0;
        for (int y = box.y + 1; y < box.y + box.height; y++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (rgb(page, x + dx, y) == colour) {
                    sum += y;
                    n++;
                }
            }
        }
        assertThat(n).as("pixels of %06x at x=%d", colour, x).isPositive();
        return sum / n;
    }

    /** Whether a pixel within {@code radius} has the colour, each channel within {@code tolerance}. */
    private static boolean near(BufferedImage page, int x, int y, int radius, int colour, int tolerance) {
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int p = rgb(page, x + dx, y + dy);
                if (Math.abs((p >> 16) - (colour >> 16)) <= tolerance && Math.abs((p >> 8 & 0xff) - (colour >> 8 & 0xff)) <= tolerance
                        && Math.abs((p & 0xff) - (colour & 0xff)) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double share(BufferedImage page, Rectangle area, java.util.function.IntPredicate test) {
        long hits = 0;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (test.test(rgb(page, x, y))) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) area.width * area.height);
    }

    private static int rgb(BufferedImage page, int x, int y) {
        return page.getRGB(x, y) & 0xffffff;
    }
}
