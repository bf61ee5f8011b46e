package org.ttsaudit.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.OffsetDateTime;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.sinks.JdbcSettings;

/**
 * {@code ./tts report}: reads the report's rows over one connection and writes the HTML page.
 * It connects as {@code mysql.user} of the configuration, like the other commands; an account with
 * the analyst role is enough, and is the one to use.
 */
public final class ReportCommand {
    public static final String DEFAULT_FILE = "tts-report.html";

    private ReportCommand() {}

    /** Connects as the configuration says and writes the report of everything since {@code since} (null: all). */
    public static Path run(Configuration config, Instant since, Path out, Instant now) throws SQLException, IOException {
        JdbcSettings jdbc = JdbcSettings.from(config);
        try (Connection c = jdbc.connect()) {
            return write(c, describe(jdbc.url, jdbc.user), since, out, now);
        }
    }

    /** Reads and renders; returns the file's absolute path. */
    public static Path write(Connection c, String source, Instant since, Path out, Instant now) throws SQLException, IOException {
        String html = new ReportRenderer(ReportRepository.read(c, source, since, now)).html();
        Path file = out.toAbsolutePath();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    /** The URL without its query (which may carry settings, even a password) and the user. */
    public static String describe(String url, String user) {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + " as " + user;
    }

    /** An ISO instant ({@code 2026-03-01T10:00:00Z}), or a date or date-time taken as UTC. */
    public static Instant parseSince(String value) {
        try {
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since needs a date (2026-03-01), a UTC date-time (2026-03-01T10:00) "
                    + "or an instant (2026-03-01T10:00:00Z), got '" + value + "'");
        }
    }
}
