package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP side of the emulator, on the JDK HTTP server bound to loopback. Each request is routed, counted for fault
 * injection, checked for {@code api-version}, throttled per subscription ({@link RequestThrottle}), checked against
 * the caller's roles ({@link Authorization}: 403 {@code AuthorizationFailed}) and for its resource group
 * ({@code ResourceGroupNotFound}), answered by its handler under the emulator's state lock, recorded in the request
 * log and written with ARM's request-id and remaining-requests headers.
 */
final class EmulatorHttpServer {
    private static final Logger LOG = Logger.getLogger(EmulatorHttpServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final FaultInjector faults;
    private final Object stateLock;
    private final Clock clock;
    private final RequestThrottle throttle;
    private final Authorization authorization;
    private final ExistingResources existing;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    private HttpServer server;
    private ExecutorService executor;
    private volatile URI endpoint;

    /** @param stateLock held while a handler runs, so every request sees and leaves a consistent state */
    EmulatorHttpServer(Router router, FaultInjector faults, Object stateLock, Clock clock) {
        this(router, faults, stateLock, clock, new RequestThrottle(Throttling.off()), Authorization.unrestricted(),
                new ExistingResources(null, null));
    }

    EmulatorHttpServer(Router router, FaultInjector faults, Object stateLock, Clock clock, RequestThrottle throttle,
                       Authorization authorization, ExistingResources existing) {
        this.router = router;
        this.faults = faults;
        this.stateLock = stateLock;
        this.clock = clock;
        this.throttle = throttle;
        this.authorization = authorization;
        this.existing = existing;
    }

    /** Binds to 127.0.0.1 ({@code port} 0 picks a free one) and starts serving. */
    synchronized URI start(int port) {
        if (server != null) {
            throw new IllegalStateException("The emulator is already started at " + endpoint);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Could not bind the ARM emulator to 127.0.0.1:" + port, e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "arm-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return endpoint;
    }

    /** The base URL; it stays readable after {@link #stop()}. */
    URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("The emulator is not started: call start() first");
        }
        return endpoint;
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    RequestLog requestLog() {
        synchronized (requests) {
            return new RequestLog(new ArrayList<>(requests));
        }
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Router.Match match = router.match(method, path);
        Fault fault = faults.onCall(match.route()).orElse(null);
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (fault != null && fault.kind() == Fault.Kind.RESET) {
                resetConnection(exchange, method, path, match.route(), "reset");
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.STATUS) {
                send(exchange, method, path, match.route(), FaultInjector.reply(fault), "status " + fault.status());
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.SLOW) {
                Thread.sleep(fault.delay().toMillis());
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Reply reply;
            if (!query.containsKey("api-version") || query.get("api-version").isBlank()) {
                reply = Reply.error(400, "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.");
            } else {
                synchronized (stateLock) {
                    reply = serve(method, path, match, new ArmRequest(match.pathParameters(), query, body,
                            clock.instant()));
                }
            }
            if (fault != null && fault.kind() == Fault.Kind.RESET_AFTER_PROCESSING) {
                resetConnection(exchange, method, path, match.route(), "reset after processing");
                return;
            }
            send(exchange, method, path, match.route(), reply, fault == null ? null : "slow");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "ARM emulator failed on " + method + " " + path, e);
            try {
                send(exchange, method, path, match.route(), Reply.error(500, "InternalServerError",
                        "The emulator failed: " + e), null);
            } catch (IOException ignored) {
                exchange.close();
            }
        }
    }

    /** Throttle, access, resource group, then the handler; every answer reports the tokens left. */
    private Reply serve(String method, String path, Router.Match match, ArmRequest request) {
        String subscription = request.pathParameters().getOrDefault("subscription",
                ArmEmulator.DEFAULT_SUBSCRIPTION_ID);
        RequestThrottle.Decision decision = throttle.take(subscription, method, request.now());
        Reply reply;
        if (!decision.allowed()) {
            reply = ArmErrors.subscriptionThrottled(subscription, method + path.toUpperCase(Locale.ROOT),
                    decision.retryAfterSeconds());
        } else {
            reply = authorizedAndFound(match, request);
        }
        Map<String, String> headers = new HashMap<>(reply.headers());
        headers.put(decision.kind().header(), Long.toString(decision.remaining()));
        return reply.withHeaders(headers);
    }

    private Reply authorizedAndFound(Router.Match match, ArmRequest request) {
        Optional<Router.Access> access = match.access().of(request);
        if (access.isPresent() && !authorization.permits(access.get().action(), access.get().scope())) {
            return ArmErrors.reply(403, ArmErrors.authorizationFailed(authorization.principalId(),
                    access.get().action(), access.get().scope()));
        }
        String resourceGroup = request.pathParameters().get("resourceGroup");
        if (resourceGroup != null && !existing.resourceGroupExists(resourceGroup)) {
            return ArmErrors.resourceGroupNotFound(resourceGroup);
        }
        return match.handler().handle(request);
    }

    private void resetConnection(HttpExchange exchange, String method, String path, Route route, String fault) {
        requests.add(new RecordedRequest(method, path, route, 0, fault, clock.instant(), null));
        // Closing before sendResponseHeaders makes the JDK server drop the TCP connection without a response.
        exchange.close();
    }

    private void send(HttpExchange exchange, String method, String path, Route route, Reply reply, String fault)
            throws IOException {
        String errorCode = reply.body() == null ? null : reply.body().path("error").path("code").asText(null);
        requests.add(new RecordedRequest(method, path, route, reply.status(), fault, clock.instant(), errorCode));
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().add("x-ms-request-id", requestId);
        exchange.getResponseHeaders().add("x-ms-correlation-request-id", requestId);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> result = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(name.toLowerCase(Locale.ROOT), value);
        }
        return result;
    }
}
