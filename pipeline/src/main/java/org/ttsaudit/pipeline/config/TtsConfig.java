package org.ttsaudit.pipeline.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads the job's configuration: a flat {@code key: value} file, then {@code --key value}
 * overrides. Secrets come from the environment or files, never from the repository.
 */
public final class TtsConfig {
    static final String PASSWORD_ENV = "TTS_MYSQL_PASSWORD";

    private TtsConfig() {}

    public static Configuration load(Path file, Map<String, String> overrides) {
        Configuration config = new Configuration();
        if (file != null) {
            parse(file).forEach(config::setString);
        }
        overrides.forEach(config::setString);
        return config;
    }

    /** Lines of {@code key: value} or {@code key=value}; {@code #} starts a comment line, {@code " #"} a trailing one. */
    static Map<String, String> parse(Path file) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int colon = trimmed.indexOf(": ");
                int equals = trimmed.indexOf('=');
                int split = colon > 0 && (equals < 0 || colon < equals) ? colon : equals;
                if (split <= 0) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'key: value'");
                }
                values.put(trimmed.substring(0, split).strip(), unquote(withoutComment(trimmed.substring(split + 1)).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file, e);
        }
        return values;
    }

    public static String require(Configuration config, ConfigOption<String> option) {
        return config.getOptional(option).filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("missing setting '" + option.key() + "'"));
    }

    /** The password from env TTS_MYSQL_PASSWORD, mysql.password-file, or mysql.password, in that order. */
    public static String mysqlPassword(Configuration config) {
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env;
        }
        return config.getOptional(TtsOptions.MYSQL_PASSWORD_FILE)
                .map(TtsConfig::readSecret)
                .orElseGet(() -> config.getOptional(TtsOptions.MYSQL_PASSWORD).orElse(""));
    }

    private static String readSecret(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mysql.password-file " + path, e);
        }
    }

    /** A " #" after the value starts a comment; a '#' inside a value (a URL fragment) does not. */
    private static String withoutComment(String value) {
        int hash = value.indexOf(" #");
        return hash < 0 ? value : value.substring(0, hash);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
