package org.ttsaudit.pipeline.refaudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

class ReferencePolicyTest {
    @TempDir
    Path root;

    private ReferencePolicy policy() {
        return new ReferencePolicy(root.toString(), List.of("cdn.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:ROOT/voices/a.wav", "file://ROOT/voices/a.wav", "file:ROOT/voices/./x/../a.wav",
            "file:ROOT/voices/%61.wav"})
    void shouldAllowAFileInsideTheRoot(String template) throws RequestException {
        assertThat(policy().check(url(template))).isEqualTo(new Reference.Local(root.resolve("voices").resolve("a.wav")));
    }

    @Test
    void shouldAllowTheUrlAPathConvertsTo() throws RequestException {
        Path clip = root.resolve("speaker 1.wav");

        assertThat(policy().check(clip.toUri().toString())).isEqualTo(new Reference.Local(clip));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file:ROOT/../outside.wav",
        "file:ROOT/voices/../../outside.wav",
        "file:ROOT/%2e%2e/outside.wav",
        "file:ROOT/%2E%2E/%2e%2e/etc/passwd",
        "file:ROOT",
        "file:ROOT/",
        "file:ROOT/voices/..",
        "file:ROOT-evil/a.wav",
        "file:/etc/passwd",
        "file://evil.example.com/ROOT/a.wav",
        "file://localhost/ROOT/a.wav",
        "http://evil.example.com/a.wav",
        "https://169.254.169.254/latest/meta-data",
        "https://cdn.example.com.evil.net/a.wav",
        "s3://bucket/a.wav",
    })
    void shouldForbidReferencesOutsideWhatThePolicyAllows(String template) {
        assertCode(policy(), url(template), ErrorCode.REF_AUDIO_FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://files.example.com/a.wav", "voice.wav", "/etc/passwd", "file:a.wav",
            "http://bad host/a.wav", "http:///a.wav", "http://under_score.example.com/a.wav", "javascript:alert(1)", ""})
    void shouldRejectUrlsThatAreNotAnAllowedScheme(String url) {
        assertCode(policy(), url, ErrorCode.BAD_REF_AUDIO_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldForbidEveryFileReferenceWhenNoRootIsSet(String unset) {
        assertCode(new ReferencePolicy(unset, List.of()), url("file:ROOT/a.wav"), ErrorCode.REF_AUDIO_FORBIDDEN);
        assertCode(new ReferencePolicy(null, List.of()), url("file:ROOT/a.wav"), ErrorCode.REF_AUDIO_FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cdn.example.com/voices/a.wav", "http://cdn.example.com:8080/a.wav?v=2",
            "HTTPS://CDN.Example.COM./a.wav"})
    void shouldAllowAnHttpUrlOnAnAllowedHost(String url) throws RequestException {
        assertThat(policy().check(url)).isEqualTo(new Reference.Remote(java.net.URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://allowed@127.0.0.1/a.wav", "http://cdn.example.com:s3cr3t@169.254.169.254/",
            "https://cdn.example.com@cdn.example.com/a.wav", "https://s3cr3t@cdn.example.com/a.wav"})
    void shouldRefuseCredentialsInTheUrlWithoutEchoingThem(String url) {
        assertThatThrownBy(() -> policy().check(url)).isInstanceOfSatisfying(RequestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REF_AUDIO_FORBIDDEN);
            assertThat(e.getMessage()).contains("credentials").doesNotContain("s3cr3t", "allowed@", "@");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/a.wav", "http://[::1]:8080/a.wav", "http://169.254.169.254/latest/meta-data"})
    void shouldRefuseAnAllowListedInternalAddressUnlessPrivateAddressesAreAllowed(String url) throws RequestException {
        List<String> hosts = List.of("10.0.0.5", "[::1]", "169.254.169.254");
        ReferencePolicy strict = new ReferencePolicy(null, hosts, false, FetchLimits.DEFAULTS);
        ReferencePolicy lenient = new ReferencePolicy(null, hosts, true, FetchLimits.DEFAULTS);

        assertCode(strict, url, ErrorCode.REF_AUDIO_FORBIDDEN);
        assertThat(lenient.check(url)).isInstanceOf(Reference.Remote.class);
    }

    @Test
    void shouldRefuseS3WithAMessageThatSaysWhy() {
        assertThatThrownBy(() -> policy().check("s3://bucket/voices/a.wav"))
                .hasMessageContaining("s3: references are not supported");
    }

    @Test
    void shouldCheckARedirectLikeAFirstUrlAndNeverDowngradeFromHttps() throws RequestException {
        java.net.URI from = java.net.URI.create("https://cdn.example.com/voices/a.wav");

        assertThat(policy().checkRedirect(from, "/voices/b.wav")).hasToString("https://cdn.example.com/voices/b.wav");
        assertThatThrownBy(() -> policy().checkRedirect(from, "http://cdn.example.com/voices/b.wav"))
                .hasMessageContaining("from https to http");
        assertThatThrownBy(() -> policy().checkRedirect(from, "file:///etc/passwd")).hasMessageContaining("non-http(s)");
        assertThatThrownBy(() -> policy().checkRedirect(from, "https://evil.example.net/"))
                .hasMessageContaining("'evil.example.net' is not in refaudio.allowed-hosts");
        assertThatThrownBy(() -> policy().checkRedirect(from, "https://bad host/"))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REF_AUDIO_NOT_FOUND));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP://CDN.Example.com:80/voices/./a.wav#take2 | http://cdn.example.com/voices/a.wav",
        "https://cdn.example.com:8443/a.wav?v=2         | https://cdn.example.com:8443/a.wav?v=2",
        "https://user:pw@cdn.example.com               | https://cdn.example.com/",
        "file:///refs/voices/../alice.wav              | file:/refs/alice.wav",
        "file:/refs/alice.wav                          | file:/refs/alice.wav",
        "s3://bucket/a.wav                             | s3://bucket/a.wav",
        "'  not a url '                                | not a url",
    })
    void shouldNormalizeEachReferenceToOneSpelling(String url, String expected) {
        assertThat(ReferencePolicy.normalize(url)).isEqualTo(expected);
    }

    private String url(String template) {
        return template.replace("ROOT", root.toString());
    }

    private static void assertCode(ReferencePolicy policy, String url, ErrorCode expected) {
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }
}
