package org.ttsaudit.pipeline.refaudio;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Which reference-audio URLs the job may fetch (DESIGN.md 5). Checked once at validation, so a
 * forbidden URL is rejected before any I/O, and again by the loader before it opens anything.
 */
public final class ReferencePolicy implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_URL_LENGTH = 512;

    private final String fileRoot;
    private final List<String> allowedHosts;

    public ReferencePolicy(String fileRoot, List<String> allowedHosts) {
        this.fileRoot = fileRoot == null || fileRoot.isBlank()
                ? null : Path.of(fileRoot).toAbsolutePath().normalize().toString();
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** Returns the local file a {@code file:} URL names, after checking it lies under the root. */
    public Path check(String url) throws RequestException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL, "ref_audio_url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return checkFile(uri);
            case "http":
            case "https":
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                if (!allowedHosts.contains(host)) {
                    throw forbidden("host '" + host + "' is not in refaudio.allowed-hosts");
                }
                throw forbidden("http(s) reference fetching is not enabled in this deployment; use a file: reference");
            case "s3":
                throw forbidden("s3 reference fetching is not enabled in this deployment; use a file: reference");
            default:
                throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL,
                        "ref_audio_url must use file:, http:, https: or s3:");
        }
    }

    private Path checkFile(URI uri) throws RequestException {
        if (fileRoot == null) {
            throw forbidden("file: references are disabled (refaudio.file-root is not set)");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            throw forbidden("file: references must not name a host");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL, "file: reference has no path");
        }
        Path resolved = Path.of(path).toAbsolutePath().normalize();
        if (!resolved.startsWith(fileRoot) || resolved.toString().equals(fileRoot)) {
            throw forbidden("file: reference points outside refaudio.file-root");
        }
        return resolved;
    }

    /** The configured root, for the loader's symlink check. */
    String fileRoot() {
        return fileRoot;
    }

    private static RequestException forbidden(String why) {
        return new RequestException(ErrorCode.REF_AUDIO_FORBIDDEN, "ref_audio_url refused: " + why);
    }
}
