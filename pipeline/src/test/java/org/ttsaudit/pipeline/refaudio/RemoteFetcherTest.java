package org.ttsaudit.pipeline.refaudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.models.audio.Wav;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * The guarded fetcher against a real HTTP server on 127.0.0.1 and hostile answers: names that
 * resolve inward, redirects out of the allow-list, oversize and slow bodies. Loopback is reachable
 * only where a test allow-lists it and sets allow-private-addresses, as a deployment would have to.
 */
class RemoteFetcherTest {
    private static final long MAX_BYTES = 64 * 1024;
    private static final FetchLimits FAST = new FetchLimits(1_000, 1_000, 3_000);
    /** Test names under .test (reserved: no real resolver answers them) and where they lead. */
    private static final Map<String, String> NAMES = Map.of(
            "voices.test", "127.0.0.1",
            "metadata.test", "169.254.169.254",
            "intranet.test", "10.1.2.3",
            "cgnat.test", "100.100.100.200",
            "ula.test", "fd00:ec2::254",
            "mapped.test", "::ffff:127.0.0.1");

    private LocalHttpServer server;
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final byte[] wav = VoiceClips.wav(3, 1.0, 16_000);

    @BeforeEach
    void startServer() throws IOException {
        server = LocalHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldFetchAWavFromAnAllowListedLoopbackServerWhenPrivateAddressesAreAllowed() throws Exception {
        server.serve("/voices/alice.wav", wav);

        byte[] body = fetcher(true).fetch(URI.create(server.url("/voices/alice.wav")));

        assertThat(body).isEqualTo(wav);
        assertThat(Wav.decode(body).sampleRate()).isEqualTo(16_000);
        assertThat(server.hostHeaders()).containsExactly("127.0.0.1:" + server.port());
    }

    @Test
    void shouldReadAChunkedBody() throws Exception {
        server.serveChunked("/chunked.wav", wav);

        assertThat(fetcher(true).fetch(URI.create(server.url("/chunked.wav")))).isEqualTo(wav);
    }

    @Test
    void shouldConnectToTheAddressItCheckedWithoutASecondLookup() throws Exception {
        server.serve("/a.wav", wav);

        // voices.test resolves only through the fetcher's resolver: a second, system lookup would fail.
        byte[] body = fetcher(true).fetch(URI.create("http://voices.test:" + server.port() + "/a.wav"));

        assertThat(body).isEqualTo(wav);
        assertThat(lookups).containsExactly("voices.test");
        assertThat(server.hostHeaders()).containsExactly("voices.test:" + server.port());
    }

    @Test
    void shouldRefuseLoopbackWhenPrivateAddressesAreNotAllowedEvenIfTheHostIsListed() {
        server.serve("/a.wav", wav);

        assertRefused(() -> fetcher(false).fetch(URI.create(server.url("/a.wav"))), ErrorCode.REF_AUDIO_FORBIDDEN, "loopback");
        assertThat(server.requests()).isZero();
    }

    @Test
    void shouldRefuseANameTheSystemResolvesToLoopback() {
        server.serve("/a.wav", wav);
        RemoteFetcher fetcher = new RemoteFetcher(new ReferencePolicy(null, List.of("localhost"), false, FAST), MAX_BYTES);

        assertRefused(() -> fetcher.fetch(URI.create("http://localhost:" + server.port() + "/a.wav")),
                ErrorCode.REF_AUDIO_FORBIDDEN, "host 'localhost' resolves to a loopback address");
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"metadata.test, link-local", "intranet.test, private", "cgnat.test, carrier-grade NAT",
            "ula.test, private", "mapped.test, loopback"})
    void shouldRefuseNamesThatResolveToInternalAddresses(String host, String kind) {
        assertRefused(() -> fetcher(false).fetch(URI.create("http://" + host + "/latest/meta-data")),
                ErrorCode.REF_AUDIO_FORBIDDEN, "resolves to a " + kind + " address");
    }

    @Test
    void shouldRefuseANameWhenAnyOfItsAddressesIsInternal() {
        server.serve("/a.wav", wav);
        RemoteFetcher.Resolver mixed = host -> new InetAddress[] {
            InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")};
        RemoteFetcher fetcher = new RemoteFetcher(policy(false), MAX_BYTES, mixed, tls());

        assertRefused(() -> fetcher.fetch(URI.create("http://voices.test:" + server.port() + "/a.wav")),
                ErrorCode.REF_AUDIO_FORBIDDEN, "loopback");
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://10.0.0.5/a.wav",
        "http://[::1]/a.wav",
        "http://localhost/a.wav",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_FLUSHALL",
    })
    void shouldRefuseARedirectFromAnAllowedServerToAForbiddenPlace(String location) {
        server.redirect("/hop", 302, location);

        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/hop"))), ErrorCode.REF_AUDIO_FORBIDDEN, "refused");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldRefuseARedirectToAnAllowedHostWithCredentialsWithoutEchoingThem() {
        server.redirect("/hop", 307, "http://auditor:s3cr3t@127.0.0.1:" + server.port() + "/a.wav");

        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/hop"))), ErrorCode.REF_AUDIO_FORBIDDEN, "credentials");
        assertThatThrownBy(() -> fetcher(true).fetch(URI.create(server.url("/hop"))))
                .message().doesNotContain("s3cr3t").doesNotContain("auditor");
    }

    @Test
    void shouldFollowRedirectsThroughTheResolverUpToThreeHops() throws Exception {
        server.serve("/final.wav", wav)
                .redirect("/one", 301, "/two")
                .redirect("/two", 302, "http://voices.test:" + server.port() + "/three")
                .redirect("/three", 308, server.url("/final.wav"));

        assertThat(fetcher(true).fetch(URI.create(server.url("/one")))).isEqualTo(wav);
        assertThat(lookups).as("every hop resolved once, through the guarded resolver")
                .containsExactly("127.0.0.1", "127.0.0.1", "voices.test", "127.0.0.1");
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void shouldGiveUpAfterThreeRedirects() {
        server.serve("/final.wav", wav)
                .redirect("/one", 302, "/two")
                .redirect("/two", 302, "/three")
                .redirect("/three", 302, "/four")
                .redirect("/four", 302, "/final.wav");

        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/one"))),
                ErrorCode.REF_AUDIO_NOT_FOUND, "redirected more than 3 times");
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void shouldRefuseABodyWhoseDeclaredLengthIsOverTheLimitBeforeReadingIt() {
        server.serve("/big.wav", new byte[(int) MAX_BYTES + 1]);

        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/big.wav"))),
                ErrorCode.REF_AUDIO_TOO_LARGE, "larger than " + MAX_BYTES + " bytes");
    }

    @Test
    void shouldStopReadingAnUndeclaredBodyAtTheLimit() throws Exception {
        server.serveChunked("/fits.wav", new byte[(int) MAX_BYTES]).serveChunked("/big.wav", new byte[4 * (int) MAX_BYTES]);

        assertThat(fetcher(true).fetch(URI.create(server.url("/fits.wav")))).hasSize((int) MAX_BYTES);
        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/big.wav"))), ErrorCode.REF_AUDIO_TOO_LARGE, "larger");
    }

    @Test
    void shouldStopAServerThatDribblesBytesAtTheDeadline() {
        server.dribble("/slow.wav", 10_000, 20);
        RemoteFetcher fetcher = new RemoteFetcher(policy(true, new FetchLimits(1_000, 1_000, 400)), MAX_BYTES, this::resolve, tls());

        long start = System.nanoTime();
        assertRefused(() -> fetcher.fetch(URI.create(server.url("/slow.wav"))),
                ErrorCode.REF_AUDIO_NOT_FOUND, "took longer than 400 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(350L, 2_000L);
    }

    @Test
    void shouldStopWaitingForAServerThatNeverAnswers() {
        server.silent("/never.wav");
        RemoteFetcher fetcher = new RemoteFetcher(policy(true, new FetchLimits(1_000, 200, 5_000)), MAX_BYTES, this::resolve, tls());

        long start = System.nanoTime();
        assertRefused(() -> fetcher.fetch(URI.create(server.url("/never.wav"))),
                ErrorCode.REF_AUDIO_NOT_FOUND, "did not answer in time");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 2_000L);
    }

    @ParameterizedTest
    @ValueSource(ints = {304, 404, 500})
    void shouldReportAnAnswerOtherThan2xxOrARedirectAsNotFound(int status) {
        server.status("/x.wav", status);

        assertRefused(() -> fetcher(true).fetch(URI.create(server.url("/x.wav"))),
                ErrorCode.REF_AUDIO_NOT_FOUND, "answered HTTP " + status);
    }

    @Test
    void shouldReportAClosedPortAsNotFound() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int closed = port;

        assertRefused(() -> fetcher(true).fetch(URI.create("http://127.0.0.1:" + closed + "/a.wav")),
                ErrorCode.REF_AUDIO_NOT_FOUND, "could not be reached");
    }

    @Test
    void shouldReportATruncatedBodyAndAnEndlessHeaderAsNotFound() throws Exception {
        String truncated = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";
        assertRefused(() -> fetcher(true).fetch(rawAnswer(truncated.getBytes(StandardCharsets.US_ASCII))),
                ErrorCode.REF_AUDIO_NOT_FOUND, "before the clip was complete");

        byte[] endless = ("HTTP/1.1 200 OK\r\nX-Filler: " + "a".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> fetcher(true).fetch(rawAnswer(endless)), ErrorCode.REF_AUDIO_NOT_FOUND, "overlong header");
    }

    @Test
    void shouldSpeakTlsForHttpsAndFailAgainstAPlainServer() throws Exception {
        URI plain = rawAnswer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nRIFF".getBytes(StandardCharsets.US_ASCII));
        URI https = URI.create("https://127.0.0.1:" + plain.getPort() + "/a.wav");

        assertRefused(() -> fetcher(true).fetch(https), ErrorCode.REF_AUDIO_NOT_FOUND, "(SSL");
    }

    @Test
    void shouldVerifyTheCertificateForTheHostNameWhileConnectingToTheCheckedAddress(@TempDir Path dir) throws Exception {
        Identity voicesCert = selfSigned(dir, "voices", "dns:voices.test");
        Identity otherCert = selfSigned(dir, "other", "dns:other.test");
        try (LocalHttpServer voices = LocalHttpServer.startTls(voicesCert.server()).serve("/a.wav", wav);
             LocalHttpServer impostor = LocalHttpServer.startTls(otherCert.server()).serve("/a.wav", wav)) {
            RemoteFetcher trustingBoth = new RemoteFetcher(policy(true), MAX_BYTES, this::resolve,
                    trusting(voicesCert, otherCert));

            byte[] body = trustingBoth.fetch(URI.create("https://voices.test:" + voices.port() + "/a.wav"));

            assertThat(body).isEqualTo(wav);
            assertRefused(() -> trustingBoth.fetch(URI.create("https://voices.test:" + impostor.port() + "/a.wav")),
                    ErrorCode.REF_AUDIO_NOT_FOUND, "(SSLHandshakeException)");
            assertRefused(() -> fetcher(true).fetch(URI.create("https://voices.test:" + voices.port() + "/a.wav")),
                    ErrorCode.REF_AUDIO_NOT_FOUND, "(SSLHandshakeException)");
            assertThat(impostor.requests()).isZero();
        }
    }

    private RemoteFetcher fetcher(boolean allowPrivate) {
        return new RemoteFetcher(policy(allowPrivate), MAX_BYTES, this::resolve, tls());
    }

    private static ReferencePolicy policy(boolean allowPrivate) {
        return policy(allowPrivate, FAST);
    }

    private static ReferencePolicy policy(boolean allowPrivate, FetchLimits limits) {
        List<String> hosts = new ArrayList<>(NAMES.keySet());
        hosts.add("127.0.0.1");
        return new ReferencePolicy(null, hosts, allowPrivate, limits);
    }

    /** The test names, and 127.0.0.1 as itself; nothing else resolves. */
    private InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        String address = host.equals("127.0.0.1") ? host : NAMES.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private static SSLSocketFactory tls() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    /** A key pair with a self-signed certificate (made by keytool), and the server context presenting it. */
    private record Identity(KeyStore store, SSLContext server) {}

    private static Identity selfSigned(Path dir, String name, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        return new Identity(store, server);
    }

    /** A client socket factory that trusts exactly these certificates. */
    private static SSLSocketFactory trusting(Identity... identities) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (Identity identity : identities) {
            String alias = identity.store().aliases().nextElement();
            trusted.setCertificateEntry(alias, identity.store().getCertificate(alias));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        return client.getSocketFactory();
    }

    /** A server that reads one request, sends these bytes and closes; returns the URL to fetch. */
    private static URI rawAnswer(byte[] answer) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (listener; Socket socket = listener.accept()) {
                socket.setSoTimeout(3_000);
                InputStream in = socket.getInputStream();
                byte[] head = new byte[4096];
                in.read(head);
                OutputStream out = socket.getOutputStream();
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // the fetcher hung up first
            }
        }, "raw-answer");
        thread.setDaemon(true);
        thread.start();
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/raw.wav");
    }

    private static void assertRefused(ThrowingCallable fetch, ErrorCode code, String messagePart) {
        assertThatThrownBy(fetch).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
