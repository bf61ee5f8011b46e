package org.ttsaudit.pipeline.refaudio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server (the JDK's) on 127.0.0.1 for fetch tests: answers per path, counts the
 * requests and keeps their Host headers. Slow answers stop when the server closes.
 */
public final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    private interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private LocalHttpServer(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 16);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(executor);
        server.start();
    }

    public static LocalHttpServer start() throws IOException {
        return new LocalHttpServer(null);
    }

    /** An HTTPS server presenting the certificate of {@code tls}. */
    public static LocalHttpServer startTls(SSLContext tls) throws IOException {
        return new LocalHttpServer(tls);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port} + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int requests() {
        return requests.get();
    }

    public List<String> hostHeaders() {
        return hostHeaders;
    }

    /** 200 with a Content-Length. */
    public LocalHttpServer serve(String path, byte[] body) {
        return on(path, x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        });
    }

    /** 200 with a Content-Length, after holding the answer for {@code delayMs} (a slow origin). */
    public LocalHttpServer serveAfter(String path, byte[] body, long delayMs) {
        return on(path, x -> {
            closing.await(delayMs, TimeUnit.MILLISECONDS);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        });
    }

    /** 200 without a length: chunked transfer encoding. */
    public LocalHttpServer serveChunked(String path, byte[] body) {
        return on(path, x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(body);
        });
    }

    public LocalHttpServer redirect(String path, int status, String location) {
        return on(path, x -> {
            x.getResponseHeaders().set("Location", location);
            x.sendResponseHeaders(status, -1);
        });
    }

    public LocalHttpServer status(String path, int status) {
        return on(path, x -> x.sendResponseHeaders(status, -1));
    }

    /** Declares {@code length} bytes and sends one every {@code gapMs}, until done or closed. */
    public LocalHttpServer dribble(String path, int length, long gapMs) {
        return on(path, x -> {
            x.sendResponseHeaders(200, length);
            OutputStream out = x.getResponseBody();
            for (int i = 0; i < length && !closing.await(gapMs, TimeUnit.MILLISECONDS); i++) {
                out.write('R');
                out.flush();
            }
        });
    }

    /** Reads the request and never answers until the server closes. */
    public LocalHttpServer silent(String path) {
        return on(path, x -> {
            closing.await(30, TimeUnit.SECONDS);
            x.sendResponseHeaders(503, -1);
        });
    }

    private LocalHttpServer on(String path, Answer answer) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            try (exchange) {
                answer.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away: what a refused fetch does
            }
        });
        return this;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
