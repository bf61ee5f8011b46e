package org.ttsaudit.cli.report;

import java.util.Locale;

/** What the two charts share: escaping, number format, the plot frame, a round scale maximum. */
final class Svg {
    /**
     * The plot frames' colour, used for nothing else on the page, so a screenshot can find each
     * chart's plot box by it.
     */
    static final String FRAME = "#8a8f98";
    static final String GRID = "#e6e8eb";
    static final String INK = "#3c4043";

    private Svg() {}

    /** Text for HTML and SVG content and attribute values: every markup character escaped. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Coordinates with one decimal: enough for a pixel, short in the file. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String open(int width, int height, String title) {
        return "<svg class=\"chart\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\"><title>" + escape(title) + "</title>";
    }

    /**
     * The plot box, drawn last so no series covers it: half-pixel offsets and crisp edges give
     * exactly one pixel row and column of {@link #FRAME} per edge.
     */
    static String frame(int left, int top, int width, int height) {
        return "<rect x=\"" + (left + 0.5) + "\" y=\"" + (top + 0.5) + "\" width=\"" + width + "\" height=\"" + height
                + "\" fill=\"none\" stroke=\"" + FRAME + "\" stroke-width=\"1\" shape-rendering=\"crispEdges\"/>";
    }

    static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + INK
                + "\" font-size=\"11\">" + escape(content) + "</text>";
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code max}; 1 for nothing. */
    static double niceMax(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= max * (1 - 1e-9)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** Grid steps that give round labels for a {@link #niceMax}: 0.5 for 2, else fifths (0.2, 0.5, 1). */
    static int ticks(double niceMax) {
        double mantissa = niceMax / Math.pow(10, Math.floor(Math.log10(niceMax)));
        return Math.abs(mantissa - 2) < 1e-9 ? 4 : 5;
    }

    /** A label cut to a length that fits beside a chart; the full text stays in the table. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
