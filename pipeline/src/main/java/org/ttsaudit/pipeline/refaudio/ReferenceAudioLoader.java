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
 * links are resolved, so a link inside the root cannot lead out of it.
 */
public final class ReferenceAudioLoader {
    private final ReferencePolicy policy;
    private final long maxBytes;

    /** A located clip: a key that changes when the clip changes, and how to read it. */
    public record Located(Path path, String cacheKey, long size) {}

    public ReferenceAudioLoader(ReferencePolicy policy, long maxBytes) {
        this.policy = policy;
        this.maxBytes = maxBytes;
    }

    public Located locate(String url) throws RequestException {
        Path path = policy.check(url);
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
            return new Located(real, real + "|" + attributes.lastModifiedTime().toMillis() + "|" + attributes.size(),
                    attributes.size());
        } catch (NoSuchFileException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip not found under refaudio.file-root");
        } catch (IOException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip cannot be read");
        }
    }

    public byte[] read(Located located) throws RequestException {
        try (InputStream in = Files.newInputStream(located.path())) {
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
