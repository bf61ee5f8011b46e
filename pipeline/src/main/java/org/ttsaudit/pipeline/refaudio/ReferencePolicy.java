package org.ttsaudit.pipeline.refaudio;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Which reference-audio URLs the job may fetch (DESIGN.md 5). Checked once at validation, so a
 * forbidden URL is rejected before any I/O, and again by the loader before it opens anything; the
 * fetcher checks every redirect and every resolved address here too. Messages name the host at
 * most, never the user information or the path of the URL.
 */
public final class ReferencePolicy implements Serializable {
    private static final long serialVersionUID = 2L;
    public static final int MAX_URL_LENGTH = 512;
    /** Redirects one fetch follows; each is checked like the first URL. */
    public static final int MAX_REDIRECTS = 3;
    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final String fileRoot;
    private final List<String> allowedHosts;
    private final boolean allowPrivateAddresses;
    private final FetchLimits limits;

    /** {@code file:} under the root and http(s) on the allowed hosts, never to internal addresses. */
    public ReferencePolicy(String fileRoot, List<String> allowedHosts) {
        this(fileRoot, allowedHosts, false, FetchLimits.DEFAULTS);
    }

    public ReferencePolicy(String fileRoot, List<String> allowedHosts, boolean allowPrivateAddresses, FetchLimits limits) {
        this.fileRoot = fileRoot == null || fileRoot.isBlank()
                ? null : Path.of(fileRoot).toAbsolutePath().normalize().toString();
        this.allowedHosts = allowedHosts.stream().map(ReferencePolicy::canonicalHost).toList();
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.limits = limits;
    }

    public static ReferencePolicy from(Configuration config) {
        return new ReferencePolicy(config.getOptional(TtsOptions.REF_FILE_ROOT).orElse(null),
                config.get(TtsOptions.REF_ALLOWED_HOSTS),
                config.get(TtsOptions.REF_ALLOW_PRIVATE_ADDRESSES),
                new FetchLimits(config.get(TtsOptions.REF_CONNECT_TIMEOUT_MS), config.get(TtsOptions.REF_READ_TIMEOUT_MS),
                        config.get(TtsOptions.REF_FETCH_TIMEOUT_MS)));
    }

    /** What the URL refers to, if the policy allows it; no I/O (names are resolved at fetch time). */
    public Reference check(String url) throws RequestException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL, "ref_audio_url is not a valid URL: " + e.getReason());
        }
        switch (scheme(uri)) {
            case "file":
                return new Reference.Local(checkFile(uri));
            case "http":
            case "https":
                return new Reference.Remote(checkRemote(uri));
            case "s3":
                throw forbidden("s3: references are not supported (this deployment has no object-store client); "
                        + "use an http(s): URL on an allowed host or a file: reference");
            default:
                throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL,
                        "ref_audio_url must use file:, http:, https: or s3:");
        }
    }

    /** An http(s) URL: no credentials, an allow-listed host and, for an address literal, an address it may reach. */
    URI checkRemote(URI uri) throws RequestException {
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || authority != null && authority.contains("@")) {
            throw forbidden("the URL must not carry credentials (a user name or password before the host)");
        }
        String host = host(uri);
        if (host == null) {
            throw new RequestException(ErrorCode.BAD_REF_AUDIO_URL, "ref_audio_url has no valid host name");
        }
        if (!allowedHosts.contains(host)) {
            throw forbidden("host '" + host + "' is not in refaudio.allowed-hosts");
        }
        InetAddress literal = addressLiteral(host);
        if (literal != null) {
            checkAddress(host, literal);
        }
        return uri.normalize();
    }

    /** Throws unless a fetch from this allowed host may connect to this address. */
    void checkAddress(String host, InetAddress address) throws RequestException {
        Optional<String> kind = AddressRules.blockedKind(address);
        if (kind.isPresent() && !allowPrivateAddresses) {
            throw forbidden("host '" + host + "' resolves to a " + kind.get()
                    + " address, which reference fetching may not reach (refaudio.allow-private-addresses)");
        }
    }

    /** Where a redirect leads, checked like a first URL; only http(s), and never from https down to http. */
    URI checkRedirect(URI from, String location) throws RequestException {
        URI target;
        try {
            target = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "the reference server sent a redirect that is not a valid URL");
        }
        String scheme = scheme(target);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw forbidden("the reference server redirected to a non-http(s) location");
        }
        if (scheme(from).equals("https") && scheme.equals("http")) {
            throw forbidden("the reference server redirected from https to http");
        }
        return checkRemote(target);
    }

    FetchLimits limits() {
        return limits;
    }

    /** The host of an http(s) URL as compared with the allow-list: lower case, no brackets, no trailing dot. */
    static String host(URI uri) {
        return uri.getHost() == null || uri.getHost().isEmpty() ? null : canonicalHost(uri.getHost());
    }

    /**
     * One spelling per reference, for cache keys and the keyed hash: the normalized path of a
     * {@code file:} URL; for http(s) lower-case scheme and host, no default port, no user
     * information and no fragment. Anything unparsable is only trimmed.
     */
    public static String normalize(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip()).normalize();
        } catch (URISyntaxException e) {
            return url.strip();
        }
        String scheme = scheme(uri);
        if (scheme.equals("file") && uri.getPath() != null) {
            return "file:" + Path.of(uri.getPath()).normalize();
        }
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == (scheme.equals("https") ? 443 : 80);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return url.strip();
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

    /** The address an IP literal names, parsed without a lookup; null for a host name. */
    private static InetAddress addressLiteral(String host) {
        try {
            if (host.indexOf(':') >= 0) {
                return InetAddress.getByName("[" + host + "]");
            }
            if (IPV4_LITERAL.matcher(host).matches()) {
                String[] parts = host.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static String canonicalHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static RequestException forbidden(String why) {
        return new RequestException(ErrorCode.REF_AUDIO_FORBIDDEN, "ref_audio_url refused: " + why);
    }
}
