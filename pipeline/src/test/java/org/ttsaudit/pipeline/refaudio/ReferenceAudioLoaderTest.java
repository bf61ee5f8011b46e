package org.ttsaudit.pipeline.refaudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.models.audio.VoiceClips;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

class ReferenceAudioLoaderTest {
    private static final long MAX_BYTES = 1000;

    @TempDir
    Path base;
    private Path root;
    private Path outside;
    private ReferenceAudioLoader loader;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(base.resolve("refs"));
        outside = Files.createDirectory(base.resolve("elsewhere"));
        loader = new ReferenceAudioLoader(new ReferencePolicy(root.toString(), List.of()), MAX_BYTES);
    }

    @Test
    void shouldLocateAndReadAFileInsideTheRoot() throws Exception {
        Path clip = Files.write(root.resolve("a.wav"), new byte[] {1, 2, 3});

        ReferenceAudioLoader.Located located = loader.locate(url(clip));

        assertThat(located.reference()).isEqualTo(new Reference.Local(clip.toRealPath()));
        assertThat(loader.read(located)).containsExactly(1, 2, 3);
    }

    @Test
    void shouldFollowALinkThatStaysInsideTheRoot() throws Exception {
        Path target = Files.write(root.resolve("real.wav"), new byte[] {4, 5});
        Path link = Files.createSymbolicLink(root.resolve("alias.wav"), target);

        assertThat(loader.read(loader.locate(url(link)))).containsExactly(4, 5);
    }

    @Test
    void shouldForbidALinkInsideTheRootThatLeadsOutOfIt() throws Exception {
        Path secret = Files.write(outside.resolve("secret.wav"), new byte[] {9});
        Path fileLink = Files.createSymbolicLink(root.resolve("innocent.wav"), secret);
        Path dirLink = Files.createSymbolicLink(root.resolve("voices"), outside);

        assertCode(url(fileLink), ErrorCode.REF_AUDIO_FORBIDDEN);
        assertCode(url(dirLink.resolve("secret.wav")), ErrorCode.REF_AUDIO_FORBIDDEN);
    }

    @Test
    void shouldReportAMissingFileOrADirectoryAsNotFound() throws Exception {
        Files.createDirectory(root.resolve("voices"));

        assertCode(url(root.resolve("missing.wav")), ErrorCode.REF_AUDIO_NOT_FOUND);
        assertCode(url(root.resolve("voices")), ErrorCode.REF_AUDIO_NOT_FOUND);
    }

    @Test
    void shouldAcceptAFileAtTheSizeLimitAndRefuseOneByteMore() throws Exception {
        Path atLimit = Files.write(root.resolve("fits.wav"), new byte[(int) MAX_BYTES]);
        Path tooLarge = Files.write(root.resolve("big.wav"), new byte[(int) MAX_BYTES + 1]);

        assertThat(loader.read(loader.locate(url(atLimit)))).hasSize((int) MAX_BYTES);
        assertCode(url(tooLarge), ErrorCode.REF_AUDIO_TOO_LARGE);
    }

    @Test
    void shouldChangeTheCacheKeyWhenTheFileChanges() throws Exception {
        Path clip = Files.write(root.resolve("a.wav"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(clip, FileTime.fromMillis(1_700_000_000_000L));
        String original = loader.locate(url(clip)).cacheKey();

        String unchanged = loader.locate(url(clip)).cacheKey();
        Files.write(clip, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(clip, FileTime.fromMillis(1_700_000_000_000L));
        String resized = loader.locate(url(clip)).cacheKey();
        Files.write(clip, new byte[] {7, 7, 7, 7});
        Files.setLastModifiedTime(clip, FileTime.fromMillis(1_700_000_060_000L));
        String rewritten = loader.locate(url(clip)).cacheKey();

        assertThat(unchanged).isEqualTo(original);
        assertThat(resized).isNotEqualTo(original);
        assertThat(rewritten).isNotEqualTo(resized).isNotEqualTo(original);
    }

    @Test
    void shouldFetchAnHttpReferenceOnAnAllowedHostAndKeyItByItsUrl() throws Exception {
        byte[] wav = VoiceClips.wav(5, 0.6, 16_000);
        try (LocalHttpServer server = LocalHttpServer.start().serve("/voices/alice.wav", wav)) {
            ReferenceAudioLoader remote = new ReferenceAudioLoader(
                    new ReferencePolicy(root.toString(), List.of("127.0.0.1"), true, FetchLimits.DEFAULTS), 100_000);
            String url = "HTTP://127.0.0.1:" + server.port() + "/voices/./alice.wav#intro";

            ReferenceAudioLoader.Located located = remote.locate(url);
            int requestsAfterLocate = server.requests();

            assertThat(located.cacheKey()).isEqualTo("http://127.0.0.1:" + server.port() + "/voices/alice.wav");
            assertThat(requestsAfterLocate).as("locating does not fetch").isZero();
            assertThat(remote.read(located)).isEqualTo(wav);
        }
    }

    @Test
    void shouldRefuseLoopbackHttpByDefaultAndS3Always() {
        ReferenceAudioLoader strict = new ReferenceAudioLoader(new ReferencePolicy(root.toString(), List.of("127.0.0.1")), MAX_BYTES);

        assertThatThrownBy(() -> strict.locate("http://127.0.0.1:9/a.wav"))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REF_AUDIO_FORBIDDEN));
        assertThatThrownBy(() -> strict.locate("s3://voices/a.wav"))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REF_AUDIO_FORBIDDEN));
    }

    private static String url(Path path) {
        return path.toUri().toString();
    }

    private void assertCode(String url, ErrorCode expected) {
        assertThatThrownBy(() -> loader.locate(url))
                .isInstanceOfSatisfying(RequestException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }
}
