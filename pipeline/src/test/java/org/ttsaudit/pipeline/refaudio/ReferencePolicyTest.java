package org.ttsaudit.pipeline.refaudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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
        assertThat(policy().check(url(template))).isEqualTo(root.resolve("voices").resolve("a.wav"));
    }

    @Test
    void shouldAllowTheUrlAPathConvertsTo() throws RequestException {
        Path clip = root.resolve("speaker 1.wav");

        assertThat(policy().check(clip.toUri().toString())).isEqualTo(clip);
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
            "http://bad host/a.wav", "javascript:alert(1)", ""})
    void shouldRejectUrlsThatAreNotAnAllowedScheme(String url) {
        assertCode(policy(), url, ErrorCode.BAD_REF_AUDIO_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldForbidEveryFileReferenceWhenNoRootIsSet(String unset) {
        assertCode(new ReferencePolicy(unset, List.of()), url("file:ROOT/a.wav"), ErrorCode.REF_AUDIO_FORBIDDEN);
        assertCode(new ReferencePolicy(null, List.of()), url("file:ROOT/a.wav"), ErrorCode.REF_AUDIO_FORBIDDEN);
    }

    private String url(String template) {
        return template.replace("ROOT", root.toString());
    }

    private static void assertCode(ReferencePolicy policy, String url, ErrorCode expected) {
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }
}
