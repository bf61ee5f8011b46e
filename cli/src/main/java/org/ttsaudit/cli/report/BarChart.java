package org.ttsaudit.cli.report;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A horizontal bar chart as inline SVG, for counts per category (emotions, error codes): labels
 * left of the bars, values right of the plot box, the longest bar spanning the box.
 */
public final class BarChart {
    public static final int WIDTH = 580;
    /** The plot box: its left edge is where every bar starts. */
    public static final int LEFT = 180;
    public static final int TOP = 6;
    public static final int PLOT_WIDTH = 320;
    /** Height of one category's row and of the bar in it. */
    public static final int BAND = 24;
    public static final int BAR = 16;
    private static final int LABEL_CHARS = 26;

    public record Bar(String label, double value) {}

    /** A bar's rectangle in SVG coordinates. */
    public record Box(double x, double y, double width, double height) {}

    private final String title;
    private final String colour;
    private final List<Bar> bars;
    private final DoubleFunction<String> format;
    private final double max;

    public BarChart(String title, String colour, List<Bar> bars, DoubleFunction<String> format) {
        this.title = title;
        this.colour = colour;
        this.bars = List.copyOf(bars);
        this.format = format;
        this.max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    }

    public String title() {
        return title;
    }

    public int height() {
        return TOP + plotHeight() + 6;
    }

    private int plotHeight() {
        return bars.size() * BAND;
    }

    /** Where bar {@code i} is drawn: its length is its value over the largest value, times the box width. */
    public Box bar(int i) {
        double width = max > 0 ? PLOT_WIDTH * bars.get(i).value() / max : 0;
        return new Box(LEFT, TOP + i * BAND + (BAND - BAR) / 2.0, width, BAR);
    }

    public String svg() {
        StringBuilder sb = new StringBuilder(Svg.open(WIDTH, height(), title));
        for (int i = 0; i < bars.size(); i++) {
            Box b = bar(i);
            double middle = b.y() + BAR / 2.0 + 4;
            sb.append("<rect x=\"").append(Svg.num(b.x())).append("\" y=\"").append(Svg.num(b.y())).append("\" width=\"")
                    .append(Svg.num(b.width())).append("\" height=\"").append(BAR).append("\" fill=\"").append(colour)
                    .append("\" shape-rendering=\"crispEdges\"/>");
            sb.append(Svg.text(LEFT - 6, middle, "end", Svg.cut(bars.get(i).label(), LABEL_CHARS)));
            sb.append(Svg.text(LEFT + PLOT_WIDTH + 6, middle, "start", format.apply(bars.get(i).value())));
        }
        sb.append(Svg.frame(LEFT, TOP, PLOT_WIDTH, plotHeight()));
        return sb.append("</svg>").toString();
    }
}
