package org.ttsaudit.pipeline.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsConfig;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.sinks.JdbcSettings;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * The database chores of a deployment, runnable from the job's own image (the migrations and
 * {@code sql/roles.sql} travel in the job jar): {@code migrate}, {@code roles} and
 * {@code retention}, each with the job's {@code --config FILE [--key value ...]} and run as an
 * account that may do them ({@code mysql.user}). {@code ./tts migrate} and {@code ./tts retention}
 * are the same code.
 */
public final class DbAdmin {
    static final String ROLES_SCRIPT = "sql/roles.sql";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,31}");
    private static final String USAGE = String.join("\n",
            "usage: DbAdmin <command> --config FILE [--key value ...]",
            "  migrate     apply the SQL migrations",
            "  roles [--account NAME --role ROLE --account-password-file FILE]",
            "              apply sql/roles.sql; with --account, create the account (or set its password)",
            "              and make ROLE its default role",
            "  retention   delete rows past retention.log / retention.aggregates");

    private DbAdmin() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        switch (args[0]) {
            case "migrate" -> migrate(TtsJob.configFromArgs(rest.toArray(String[]::new)));
            case "roles" -> {
                String account = take(rest, "--account");
                String role = take(rest, "--role");
                String passwordFile = take(rest, "--account-password-file");
                if ((account == null) != (role == null) || (account == null) != (passwordFile == null)) {
                    throw new IllegalArgumentException("--account, --role and --account-password-file go together\n" + USAGE);
                }
                Configuration config = TtsJob.configFromArgs(rest.toArray(String[]::new));
                roles(config);
                if (account != null) {
                    account(config, account, role, Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip());
                }
            }
            case "retention" -> retention(TtsJob.configFromArgs(rest.toArray(String[]::new)));
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + USAGE);
        }
    }

    public static void migrate(Configuration config) {
        var result = Migrations.apply(JdbcSettings.from(config).url, config.get(TtsOptions.MYSQL_USER),
                TtsConfig.mysqlPassword(config));
        System.out.println("[tts] migrations applied: " + result.migrationsExecuted + ", schema version "
                + (result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion));
    }

    public static void retention(Configuration config) throws SQLException {
        try (Connection connection = JdbcSettings.from(config).connect()) {
            Retention.apply(connection, config.get(TtsOptions.RETENTION_LOG), config.get(TtsOptions.RETENTION_AGGREGATES),
                    Instant.now()).forEach((table, rows) -> System.out.println("[tts] " + table + ": " + rows + " rows deleted"));
        }
    }

    /** Applies {@code sql/roles.sql} as it stands: the server parses the script, as the mysql client would. */
    public static void roles(Configuration config) throws SQLException {
        Configuration multi = new Configuration(config);
        String url = config.get(TtsOptions.MYSQL_URL);
        multi.set(TtsOptions.MYSQL_URL, url + (url.contains("?") ? "&" : "?") + "allowMultiQueries=true");
        try (Connection connection = JdbcSettings.from(multi).connect(); Statement s = connection.createStatement()) {
            s.execute(script(ROLES_SCRIPT));
        }
        System.out.println("[tts] " + ROLES_SCRIPT + " applied");
    }

    /** Creates the account, or sets its password when it exists, and gives it {@code role} as its default role. */
    public static void account(Configuration config, String account, String role, String password) throws SQLException {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password of '" + account + "' is empty");
        }
        try (Connection connection = JdbcSettings.from(config).connect()) {
            boolean mariaDb = connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
            List<String> statements = accountStatements(account, role, mariaDb);
            for (String sql : statements) {
                try (PreparedStatement s = connection.prepareStatement(sql)) {
                    if (sql.contains("?")) {
                        s.setString(1, password);
                    }
                    s.execute();
                }
            }
        }
        System.out.println("[tts] account '" + account + "' has the default role " + role);
    }

    /**
     * The statements that make {@code account} (from any host) log in with the password bound to
     * their one parameter and use {@code role}. Names cannot be bound, so they must be plain
     * identifiers; MariaDB and MySQL 8 spell the default role differently.
     */
    static List<String> accountStatements(String account, String role, boolean mariaDb) {
        for (String name : List.of(account, role)) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a plain account or role name (" + NAME + ")");
            }
        }
        String who = "'" + account + "'@'%'";
        return List.of(
                "CREATE USER IF NOT EXISTS " + who + " IDENTIFIED BY ?",
                "ALTER USER " + who + " IDENTIFIED BY ?",
                "GRANT " + role + " TO " + who,
                "SET DEFAULT ROLE " + role + (mariaDb ? " FOR " : " TO ") + who);
    }

    /** Removes {@code option} and its value from {@code args}; null when absent. */
    static String take(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    static String script(String resource) {
        try (InputStream in = DbAdmin.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
