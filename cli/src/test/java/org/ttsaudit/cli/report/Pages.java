package org.ttsaudit.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back what a test needs from a rendered page: a section's table cells, a chart's points. */
final class Pages {
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<\\s*(/?[a-zA-Z][a-zA-Z0-9-]*)");

    private Pages() {}

    static String section(String html, String id) {
        Matcher m = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no section " + id);
        }
        return m.group(1);
    }

    /** The body rows of the tables of a section, cells unescaped. */
    static List<List<String>> rows(String html, String sectionId) {
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(section(html, sectionId));
        while (r.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(1));
            while (c.find()) {
                cells.add(unescape(c.group(1)));
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        return rows;
    }

    /** Every start and end tag's name in order: the page's structure without its text. */
    static List<String> tags(String html) {
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            tags.add(m.group(1).toLowerCase());
        }
        return tags;
    }

    /** The x,y pairs of a series' polyline in an SVG. */
    static List<double[]> points(String svg, String series) {
        Matcher m = Pattern.compile("data-series=\"" + Pattern.quote(series) + "\"><polyline [^>]*points=\"([^\"]*)\"").matcher(svg);
        if (!m.find()) {
            throw new AssertionError("no series " + series);
        }
        List<double[]> points = new ArrayList<>();
        for (String pair : m.group(1).trim().split("\\s+")) {
            if (!pair.isEmpty()) {
                String[] xy = pair.split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
        }
        return points;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
