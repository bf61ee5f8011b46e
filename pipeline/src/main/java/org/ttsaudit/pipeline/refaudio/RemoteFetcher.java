package org.ttsaudit.pipeline.refaudio;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Fetches an http(s) reference clip without letting a user-supplied URL reach into the network
 * the job runs in (DESIGN.md 5). Per hop: the policy checks the URL, the host name is resolved
 * once and every address it gives is checked, and the connection goes to the checked address, so
 * a second lookup cannot answer differently (DNS rebinding); TLS still verifies the certificate
 * against the host name. Redirects are followed here, at most {@link ReferencePolicy#MAX_REDIRECTS},
 * each checked like the first URL. The body is counted against the size limit as it arrives, and
 * every read is bounded by the read timeout and by the deadline of the whole fetch.
 *
 * <p>HTTP/1.1, one request per connection: a GET with {@code Connection: close}; bodies by
 * Content-Length, chunked, or to the end of the connection.
 */
final class RemoteFetcher {
    /** Name resolution: the system resolver in the job. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A chunk-size line with any extension; chunks are many, so each line gets its own budget. */
    private static final int MAX_CHUNK_LINE_BYTES = 1024;

    private final ReferencePolicy policy;
    private final long maxBytes;
    private final Resolver resolver;
    private final SSLSocketFactory tls;

    RemoteFetcher(ReferencePolicy policy, long maxBytes) {
        this(policy, maxBytes, InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    RemoteFetcher(ReferencePolicy policy, long maxBytes, Resolver resolver, SSLSocketFactory tls) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.resolver = resolver;
        this.tls = tls;
    }

    /** A response: the body of a 2xx, or where a redirect leads. */
    private record Response(byte[] body, String location) {}

    byte[] fetch(URI url) throws RequestException {
        Deadline deadline = new Deadline(policy.limits().totalTimeoutMs());
        URI current = policy.checkRemote(url);
        for (int redirects = 0; ; redirects++) {
            Response response = exchange(current, deadline);
            if (response.location() == null) {
                return response.body();
            }
            if (redirects == ReferencePolicy.MAX_REDIRECTS) {
                throw notFound("the reference server redirected more than " + ReferencePolicy.MAX_REDIRECTS + " times");
            }
            current = policy.checkRedirect(current, response.location());
        }
    }

    private Response exchange(URI url, Deadline deadline) throws RequestException {
        String host = ReferencePolicy.host(url);
        InetAddress address = resolve(host);
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        try (Socket socket = connect(host, address, port, https, deadline)) {
            OutputStream out = socket.getOutputStream();
            out.write(request(url, host, port, https));
            out.flush();
            return readResponse(new BufferedInputStream(new DeadlineInputStream(socket, deadline)));
        } catch (SocketTimeoutException e) {
            throw notFound(deadline.cutShort()
                    ? "the reference fetch took longer than " + policy.limits().totalTimeoutMs() + " ms (refaudio.fetch-timeout-ms)"
                    : "the reference server did not answer in time (refaudio.connect-timeout-ms, refaudio.read-timeout-ms)");
        } catch (IOException e) {
            throw notFound("the reference server could not be reached or broke off the transfer ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Every address of the name is checked; the first one is used. */
    private InetAddress resolve(String host) throws RequestException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            addresses = new InetAddress[0];
        }
        if (addresses.length == 0) {
            throw notFound("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            policy.checkAddress(host, address);
        }
        return addresses[0];
    }

    private Socket connect(String host, InetAddress address, int port, boolean https, Deadline deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), deadline.timeout(policy.limits().connectTimeoutMs()));
            if (!https) {
                return socket;
            }
            SSLSocket tlsSocket = (SSLSocket) tls.createSocket(socket, host, port, true);
            SSLParameters parameters = tlsSocket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tlsSocket.setSSLParameters(parameters);
            tlsSocket.setSoTimeout(deadline.timeout(policy.limits().readTimeoutMs()));
            tlsSocket.startHandshake();
            return tlsSocket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static byte[] request(URI url, String host, int port, boolean https) {
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String query = ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery();
        String hostHeader = (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (port == (https ? 443 : 80) ? "" : ":" + port);
        return ("GET " + path + query + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: tts-pipeline-refaudio\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private Response readResponse(InputStream in) throws IOException, RequestException {
        int[] headerBudget = {MAX_HEADER_BYTES};
        String statusLine = line(in, headerBudget);
        if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            throw notFound("the reference server did not answer with HTTP");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in, headerBudget); !line.isEmpty(); line = line(in, headerBudget)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw notFound("the reference server sent a malformed header");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String previous = headers.put(name, value);
            if (previous != null && name.equals("content-length") && !previous.equals(value)) {
                throw notFound("the reference server sent conflicting Content-Length headers");
            }
        }
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            String location = headers.get("location");
            if (location == null || location.isEmpty()) {
                throw notFound("the reference server redirected without a location");
            }
            return new Response(null, location);
        }
        if (status < 200 || status > 299) {
            throw notFound("the reference server answered HTTP " + status);
        }
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new Response(chunked(in, headerBudget), null);
        }
        String contentLength = headers.get("content-length");
        return new Response(contentLength == null ? body(in, Long.MAX_VALUE) : body(in, length(contentLength)), null);
    }

    private long length(String header) throws RequestException {
        long length;
        try {
            length = Long.parseLong(header);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw notFound("the reference server sent an invalid Content-Length");
        }
        if (length > maxBytes) {
            throw tooLarge();
        }
        return length;
    }

    /** Exactly {@code length} bytes, or up to the end of the stream when the length is unbounded. */
    private byte[] body(InputStream in, long length) throws IOException, RequestException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        append(in, length, body);
        return body.toByteArray();
    }

    private byte[] chunked(InputStream in, int[] headerBudget) throws IOException, RequestException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, new int[] {MAX_CHUNK_LINE_BYTES});
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw notFound("the reference server sent a malformed chunk");
            }
            if (size == 0) {
                while (!line(in, headerBudget).isEmpty()) {
                    // trailer fields are not used
                }
                return body.toByteArray();
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge();
            }
            append(in, size, body);
            if (!line(in, new int[] {MAX_CHUNK_LINE_BYTES}).isEmpty()) {
                throw notFound("the reference server sent a malformed chunk");
            }
        }
    }

    /** Copies {@code length} bytes (or all, when unbounded), refusing to hold more than the size limit. */
    private void append(InputStream in, long length, ByteArrayOutputStream body) throws IOException, RequestException {
        byte[] buffer = new byte[8192];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    return;
                }
                throw notFound("the reference server closed the connection before the clip was complete");
            }
            if (body.size() + n > maxBytes) {
                throw tooLarge();
            }
            body.write(buffer, 0, n);
            remaining -= length == Long.MAX_VALUE ? 0 : n;
        }
    }

    /** A CRLF- (or LF-) terminated line of the response head, charged to the header budget. */
    private static String line(InputStream in, int[] budget) throws IOException, RequestException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw notFound("the reference server closed the connection in the middle of its answer");
            }
            if (--budget[0] < 0) {
                throw notFound("the reference server sent an overlong header or chunk line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private RequestException tooLarge() {
        return new RequestException(ErrorCode.REF_AUDIO_TOO_LARGE,
                "reference clip is larger than " + maxBytes + " bytes (refaudio.max-bytes)");
    }

    private static RequestException notFound(String why) {
        return new RequestException(ErrorCode.REF_AUDIO_NOT_FOUND, "reference clip could not be fetched: " + why);
    }

    /** The end of the whole fetch; remembers whether it, rather than a step's own limit, bound the last step. */
    private static final class Deadline {
        private final long end;
        private boolean binding;

        Deadline(long totalMs) {
            this.end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(totalMs);
        }

        /** Milliseconds a blocking step may take: its own limit, cut to what is left of the fetch. */
        int timeout(long limitMs) throws SocketTimeoutException {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            binding = leftMs <= limitMs;
            if (leftMs <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            return (int) Math.min(Math.min(limitMs, leftMs), Integer.MAX_VALUE);
        }

        /** Whether the last step timed out because the fetch as a whole ran out of time. */
        boolean cutShort() {
            return binding;
        }
    }

    /** Bounds every read by the read timeout and by what is left of the fetch's deadline. */
    private final class DeadlineInputStream extends FilterInputStream {
        private final Socket socket;
        private final Deadline deadline;

        DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(deadline.timeout(policy.limits().readTimeoutMs()));
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(deadline.timeout(policy.limits().readTimeoutMs()));
            return super.read(b, off, len);
        }
    }
}
