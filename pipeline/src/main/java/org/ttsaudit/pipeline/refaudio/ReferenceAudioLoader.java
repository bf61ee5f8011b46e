package org.ttsaudit.pipeline.refaudio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Reads reference clips the policy allows. A {@code file:} path is checked again after symbolic
 * links are resolved, so a link inside the root cannot lead out of it; an http(s) URL is fetched
 * through the guarded {@link RemoteFetcher}. Locating does no network I/O, so a cached voice costs
 * no fetch.
 */
public final class ReferenceAudioLoader {
    private final ReferencePolicy policy;
    private final long maxBytes;
    private final RemoteFetcher fetcher;

    /**
     * A located clip and a key that changes when the clip does: for a file its real path, time and
     * size; for a URL the normalized URL.
     */
    public record Located(Reference reference, String cacheKey) {}

    public ReferenceAudioLoader(ReferencePolicy policy, long maxBytes) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.fetcher = new RemoteFetcher(policy, maxBytes);
    }

    public Located locate(String url) throws RequestException {
        Reference reference = policy.check(url);
        if (reference instanceof Reference.Remote remote) {
            return new Located(remote, ReferencePolicy.normalize(remote.uri().toString()));
        }
        Path path = ((Reference.Local) reference).path();
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(Path.of(policy.fileRoot()).toRealPath())) {
                throw new RequestException(ErrorCode.REF_AUDIO_FORBIDDEN, "ref_audio_url refused: it links outside refaudio.file-root");
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "ref_audio_url does not name a file");
            }
            if (attributes.size() > maxBytes) {
                throw new RequestException(ErrorCode.REF_AUDIO_TOO_LARGE, "reference clip is " + attributes.size()
                        + " bytes; the limit is " + maxBytes + " (refaudio.max-bytes)");
            }
            return new Located(new Reference.Local(real),
                    real + "|" + attributes.lastModifiedTime().toMillis() + "|" + attributes.size());
        } catch (NoSuchFileException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip not found under refaudio.file-root");
        } catch (IOException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip cannot be read");
        }
    }

    public byte[] read(Located located) throws RequestException {
        if (located.reference() instanceof Reference.Remote remote) {
            return fetcher.fetch(remote.uri());
        }
        try (InputStream in = Files.newInputStream(((Reference.Local) located.reference()).path())) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new RequestException(ErrorCode.REF_AUDIO_TOO_LARGE, "reference clip grew past refaudio.max-bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip cannot be read");
        }
    }
}
