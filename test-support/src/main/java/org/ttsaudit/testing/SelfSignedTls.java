package org.ttsaudit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one run and server certificates it signs, for a database
 * server with TLS. Made with the JDK's own {@code keytool} (no OpenSSL, no extra library), then
 * written as the PEM files a MySQL-compatible server reads and as a PKCS#12 trust store for the
 * client. Valid for two days; each run makes new ones, each in a directory of its own (emptied first).
 */
public final class SelfSignedTls {
    private static final String VALIDITY_DAYS = "2";

    /** A CA: its key store (for signing), its certificate as PEM, and a trust store holding only that certificate. */
    public record Authority(Path keyStore, Path certificate, Path trustStore, String password) {}

    /** A server's certificate and unencrypted private key, as PEM, and the CA that signed it. */
    public record ServerCertificate(Path certificate, Path key, Authority authority) {}

    private SelfSignedTls() {}

    public static Authority authority(Path dir, String name) throws IOException, GeneralSecurityException {
        Dirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path keyStore = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", VALIDITY_DAYS,
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        Certificate certificate = load(keyStore, password).getCertificate("ca");
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, pem("CERTIFICATE", certificate.getEncoded()));
        Path trustStore = dir.resolve("ca-trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, password.toCharArray());
        }
        return new Authority(keyStore, pem, trustStore, password);
    }

    /**
     * A server certificate signed by {@code ca}; {@code subjectAlternativeNames} in keytool's
     * form, e.g. {@code ip:127.0.0.1}, which verify-identity checks the host against.
     */
    public static ServerCertificate server(Authority ca, Path dir, String subjectAlternativeNames)
            throws IOException, GeneralSecurityException {
        Dirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path certificate = dir.resolve("server-cert.pem");
        String password = ca.password();
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=tts test server",
                "-validity", VALIDITY_DAYS, "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.keyStore().toString(), "-storepass", password,
                "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc", "-validity", VALIDITY_DAYS,
                "-ext", "san=" + subjectAlternativeNames, "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature,keyEncipherment");
        Path key = dir.resolve("server-key.pem");
        Key privateKey = load(keyStore, password).getKey("server", password.toCharArray());
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
        return new ServerCertificate(certificate, key, ca);
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.add("-noprompt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        } finally {
            process.destroy();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }
}
