package org.ttsaudit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as a fixed-width console table: figure, baseline, ratio, goal, met. */
public final class Table {
    private static final String[] HEADER = {"suite", "figure", "value", "baseline", "ratio", "goal", "met?"};

    private Table() {}

    public static String render(List<Figure> figures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Figure f : figures) {
            rows.add(new String[] {
                f.suite(), f.name(), number(f.value()) + " " + f.unit(),
                f.baselineName().isEmpty() ? "-" : f.baselineName() + ": " + number(f.baseline()) + " " + f.unit(),
                Double.isNaN(f.ratio()) ? "-" : number(f.ratio()) + "x", f.goalText(), f.verdict()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row[i]));
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Three significant figures, without scientific notation or trailing noise. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
