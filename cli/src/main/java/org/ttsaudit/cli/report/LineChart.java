package org.ttsaudit.cli.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A time-series line chart as inline SVG: x is time (so a gap in the windows shows as a gap in
 * spacing), y runs from zero to a round maximum. Each series is a polyline with a marker per
 * point, so a series of one window is still visible.
 */
public final class LineChart {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 260;
    /** The plot box inside the SVG; the legend sits above it, the axis labels left of and below it. */
    public static final int LEFT = 64;
    public static final int TOP = 30;
    public static final int PLOT_WIDTH = 640;
    public static final int PLOT_HEIGHT = 196;
    /** Inner margin of the plot box, so the markers of the first and last windows stay inside it. */
    public static final int PAD = 8;
    public static final double MARKER_RADIUS = 3.5;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public record Point(Instant time, double value) {}

    public record Series(String name, String colour, List<Point> points) {}

    private final String title;
    private final List<Series> series;
    private final DoubleFunction<String> format;
    private final long firstMillis;
    private final long lastMillis;
    private final double yMax;

    /** {@code format} writes the y axis labels (a percentage, milliseconds, a count). */
    public LineChart(String title, List<Series> series, DoubleFunction<String> format) {
        this.title = title;
        this.series = List.copyOf(series);
        this.format = format;
        List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
        this.firstMillis = all.stream().mapToLong(p -> p.time().toEpochMilli()).min().orElse(0);
        this.lastMillis = all.stream().mapToLong(p -> p.time().toEpochMilli()).max().orElse(0);
        this.yMax = Svg.niceMax(all.stream().mapToDouble(Point::value).max().orElse(0));
    }

    /** Horizontal position of a time; a chart of one instant puts it in the middle. */
    public double x(Instant time) {
        double inner = PLOT_WIDTH - 2.0 * PAD;
        if (lastMillis == firstMillis) {
            return LEFT + PLOT_WIDTH / 2.0;
        }
        return LEFT + PAD + inner * (time.toEpochMilli() - firstMillis) / (lastMillis - firstMillis);
    }

    /** Vertical position of a value: zero on the bottom edge, the round maximum on the top edge. */
    public double y(double value) {
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / yMax;
    }

    public double yMax() {
        return yMax;
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return series;
    }

    public String svg() {
        StringBuilder sb = new StringBuilder(Svg.open(WIDTH, HEIGHT, title));
        int ticks = Svg.ticks(yMax);
        for (int i = 0; i <= ticks; i++) {
            double value = yMax * i / ticks;
            double y = y(value);
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH).append("\" y1=\"")
                    .append(Svg.num(y)).append("\" y2=\"").append(Svg.num(y)).append("\" stroke=\"").append(Svg.GRID)
                    .append("\"/>");
            sb.append(Svg.text(LEFT - 6, y + 4, "end", format.apply(value)));
        }
        timeLabels(sb);
        double legendX = LEFT;
        for (Series s : series) {
            sb.append("<rect x=\"").append(Svg.num(legendX)).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"")
                    .append(s.colour()).append("\"/>");
            sb.append(Svg.text(legendX + 16, 18, "start", s.name()));
            legendX += 28 + 7 * s.name().length();
        }
        for (Series s : series) {
            sb.append("<g class=\"series\" data-series=\"").append(Svg.escape(s.name())).append("\"><polyline fill=\"none\" stroke=\"")
                    .append(s.colour()).append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
            for (Point p : s.points()) {
                sb.append(Svg.num(x(p.time()))).append(',').append(Svg.num(y(p.value()))).append(' ');
            }
            sb.append("\"/>");
            for (Point p : s.points()) {
                sb.append("<circle cx=\"").append(Svg.num(x(p.time()))).append("\" cy=\"").append(Svg.num(y(p.value())))
                        .append("\" r=\"").append(MARKER_RADIUS).append("\" fill=\"").append(s.colour()).append("\"/>");
            }
            sb.append("</g>");
        }
        sb.append(Svg.frame(LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        return sb.append("</svg>").toString();
    }

    /** First, middle and last time under the axis, in UTC; whole days once the span passes two days. */
    private void timeLabels(StringBuilder sb) {
        DateTimeFormatter f = lastMillis - firstMillis > 2 * 86_400_000L ? DAYS : MINUTES;
        double y = TOP + PLOT_HEIGHT + 16;
        Instant first = Instant.ofEpochMilli(firstMillis);
        Instant last = Instant.ofEpochMilli(lastMillis);
        if (firstMillis == lastMillis) {
            sb.append(Svg.text(x(first), y, "middle", f.format(first) + " UTC"));
            return;
        }
        sb.append(Svg.text(x(first), y, "start", f.format(first)));
        Instant middle = Instant.ofEpochMilli(firstMillis + (lastMillis - firstMillis) / 2);
        sb.append(Svg.text(x(middle), y, "middle", f.format(middle)));
        sb.append(Svg.text(x(last), y, "end", f.format(last) + " UTC"));
    }
}
