package org.ttsaudit.pipeline.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ttsaudit.inference.io.Locations;

/**
 * A rules file ({@code masking.rules-file}, {@code risk.rules-file}): UTF-8, one rule per line, its
 * fields separated by commas and trimmed; the last field is the rest of the line, so a keyword or a
 * regex may hold commas. Blank lines and lines starting with {@code #} are skipped. Errors name the
 * option, the file and the line, so a bad file stops the job where it is built, before it runs.
 */
public final class RuleFile {
    /** One rule line: where it is, and its fields. */
    public record Line(String where, List<String> fields) {
        public String field(int i) {
            return fields.get(i);
        }

        public IllegalArgumentException error(String message) {
            return new IllegalArgumentException(where + ": " + message);
        }
    }

    private RuleFile() {}

    /** The rule lines of {@code location} (a path, a file: URI or classpath:/resource), each split into {@code fields}. */
    public static List<Line> read(String option, String location, int fields, String format) {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Locations.open(location), StandardCharsets.UTF_8))) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                String line = (number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Line rule = new Line(option + " " + location + ":" + number, split(line, fields));
                if (rule.fields().size() < fields || rule.fields().stream().anyMatch(String::isEmpty)) {
                    throw rule.error("expected '" + format + "'");
                }
                lines.add(rule);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(option + ": cannot read " + location, e);
        }
        return lines;
    }

    private static List<String> split(String line, int fields) {
        List<String> out = new ArrayList<>(fields);
        int from = 0;
        while (out.size() < fields - 1) {
            int comma = line.indexOf(',', from);
            if (comma < 0) {
                break;
            }
            out.add(line.substring(from, comma).strip());
            from = comma + 1;
        }
        out.add(line.substring(from).strip());
        return out;
    }

}
