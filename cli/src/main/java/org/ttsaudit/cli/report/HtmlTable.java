package org.ttsaudit.cli.report;

import static org.ttsaudit.cli.report.Svg.escape;

import java.util.List;
import java.util.function.Function;

/** The report's tables: strings in, every cell escaped, inside a box that scrolls when the table is long. */
final class HtmlTable {
    private HtmlTable() {}

    /**
     * A table column: short text and numbers stay on one line (numbers right-aligned); free text
     * wraps anywhere, so an overlong value cannot squeeze the other columns or widen the page.
     */
    record Column(String name, String cssClass) {}

    static Column text(String name) {
        return new Column(name, null);
    }

    static Column number(String name) {
        return new Column(name, "n");
    }

    static Column prose(String name) {
        return new Column(name, "p");
    }

    private static String cell(String tag, Column c) {
        return c.cssClass() == null ? "<" + tag + ">" : "<" + tag + " class=\"" + c.cssClass() + "\">";
    }

    /** A scrollable table, every cell escaped; {@code rowClass} (may be null) styles a row by its cells. */
    static String of(List<Column> columns, List<String[]> rows, Function<String[], String> rowClass) {
        StringBuilder sb = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        for (Column c : columns) {
            sb.append(cell("th", c)).append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (String[] row : rows) {
            sb.append(rowClass == null ? "<tr>" : "<tr class=\"" + escape(rowClass.apply(row)) + "\">");
            for (int c = 0; c < row.length; c++) {
                sb.append(cell("td", columns.get(c))).append(escape(row[c])).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }
}
