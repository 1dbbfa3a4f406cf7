package dev.acidispatch.local.up;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.local.host.LocalHttpRequest;
import dev.acidispatch.local.host.LocalHttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real HTTP server on loopback that hands every request to the {@link FunctionsHost}: the app's HTTP functions with
 * their own routes under {@code /api/}, behind the function key, exactly as the host routes them. Any HTTP function
 * the app gains is served without a change here.
 */
public final class LocalHttpFront implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalHttpFront.class.getName());
    /** The Functions host's default limit for a request body is 100 MB; a job message is at most 64 KiB. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService threads;

    private LocalHttpFront(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves {@code host}'s HTTP functions on 127.0.0.1:{@code port}.
     *
     * @throws IllegalStateException naming the port when it is taken
     */
    public static LocalHttpFront start(FunctionsHost host, int port, AccessLog log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use (another `dispatchctl up`"
                    + " or Functions host?): stop it, or choose another port with --port");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(host, exchange, log));
        server.start();
        return new LocalHttpFront(server, threads);
    }

    /** One line per request; the query string is left out because it may carry the function key. */
    @FunctionalInterface
    public interface AccessLog {
        void served(String method, String path, int status);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(FunctionsHost host, HttpExchange exchange, AccessLog log) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                send(exchange, 413, "text/plain; charset=utf-8", "request body too large".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            String authority = hostHeader != null && !hostHeader.isBlank() ? hostHeader
                    : "localhost:" + exchange.getLocalAddress().getPort();
            URI uri = URI.create("http://" + authority + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            LocalHttpResponse response;
            try {
                response = host.http(LocalHttpRequest.of(exchange.getRequestMethod(), uri, headers, body));
            } catch (IllegalArgumentException unknownMethod) {
                send(exchange, 405, "text/plain; charset=utf-8", new byte[0]);
                return;
            }
            // Every header the function set (a page's Content-Security-Policy too), as the host passes them on.
            response.headers().forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    exchange.getResponseHeaders().put(name, List.of(value));
                }
            });
            String contentType = response.getHeader("Content-Type");
            send(exchange, response.getStatusCode(), contentType, response.bodyBytes());
            log.served(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), response.getStatusCode());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "HTTP request failed", e);
            try {
                send(exchange, 500, "text/plain; charset=utf-8", new byte[0]);
            } catch (IOException | RuntimeException ignored) {
                // The response had started; the client sees a broken connection.
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().put("Content-Type", List.of(contentType));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
