package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ARM + ACI emulator on the JDK HTTP server, bound to loopback on a free port. It serves the deployment and
 * container-group operations the dispatcher uses, with the shapes the real service sends (see the fixtures under
 * {@code src/test/resources/arm-specs}), so the real Azure SDK can be pointed at {@link #endpoint()}.
 *
 * <p>Container lifecycles are computed from the emulator's {@link Clock} at request time: with a
 * {@code VirtualClock}, a six-hour job completes as soon as the test moves the clock. In sandbox mode the
 * container's command runs as a local process instead (the image is not pulled).
 *
 * <p>Not emulated: authentication, template links, nested deployments, resource types other than container groups
 * (they are accepted and ignored), and ARM's exact {@code uniqueString} hash.
 */
public final class ArmEmulator implements AutoCloseable {
    public static final String DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
    private static final Logger LOG = Logger.getLogger(ArmEmulator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP_TYPE = "Microsoft.ContainerInstance/containerGroups";
    private static final Pattern GROUP_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final String SUB = "^/subscriptions/([^/]+)";
    private static final String RG = SUB + "/resourcegroups/([^/]+)";
    private static final Pattern DEPLOYMENT = Pattern.compile(RG
            + "/providers/microsoft\\.resources/deployments/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DEPLOYMENT_OPERATION = Pattern.compile(RG
            + "/providers/microsoft\\.resources/deployments/([^/]+)/operationstatuses/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OPERATION_RESULT = Pattern.compile(SUB + "/operationresults/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUPS = Pattern.compile(RG
            + "/providers/microsoft\\.containerinstance/containergroups$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP = Pattern.compile(RG
            + "/providers/microsoft\\.containerinstance/containergroups/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP_STOP = Pattern.compile(RG
            + "/providers/microsoft\\.containerinstance/containergroups/([^/]+)/stop$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGS = Pattern.compile(RG
            + "/providers/microsoft\\.containerinstance/containergroups/([^/]+)/containers/([^/]+)/logs$",
            Pattern.CASE_INSENSITIVE);
    /** ACI keeps this much log for a stopped group. */
    private static final int STOPPED_LOG_LINES = 1000;
    private static final int STOPPED_LOG_BYTES = 16 * 1024;

    private final Clock clock;
    private final String location;
    private final Quotas quotas;
    private final boolean sandbox;
    private final int requestedPort;
    private volatile ContainerScript defaultScript;
    private final Map<String, ContainerScript> scripts = new ConcurrentHashMap<>();

    private final Object state = new Object();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();
    private final List<Instant> createTimes = new ArrayList<>();
    private final List<QuotaViolation> violations = new ArrayList<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<Route, Long> routeCounts = new EnumMap<>(Route.class);
    private final Map<Route, Map<Long, Fault>> faults = new EnumMap<>(Route.class);
    private final AtomicLong groupsCreated = new AtomicLong();

    private HttpServer server;
    private ExecutorService executor;
    private URI endpoint;

    private ArmEmulator(Builder builder) {
        this.clock = builder.clock;
        this.location = builder.location;
        this.quotas = builder.quotas;
        this.sandbox = builder.sandbox;
        this.requestedPort = builder.port;
        this.defaultScript = builder.defaultScript;
        this.scripts.putAll(builder.scripts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for an emulator; every setter validates its value. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String location = "westeurope";
        private Quotas quotas = Quotas.aciDefaults();
        private boolean sandbox;
        private int port;
        private ContainerScript defaultScript = ContainerScript.defaults();
        private final Map<String, ContainerScript> scripts = new HashMap<>();

        /** The clock lifecycles are computed from (a {@code VirtualClock} in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What {@code resourceGroup().location} returns. */
        public Builder location(String location) {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException("The value for location must not be blank");
            }
            this.location = location;
            return this;
        }

        public Builder quotas(Quotas quotas) {
            this.quotas = Objects.requireNonNull(quotas, "quotas");
            return this;
        }

        /** Run containers' commands as local processes instead of following scripts. */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** A fixed port (0, the default, picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("The value for port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder defaultScript(ContainerScript script) {
            this.defaultScript = Objects.requireNonNull(script, "script");
            return this;
        }

        public Builder script(String groupName, ContainerScript script) {
            scripts.put(requireName(groupName), Objects.requireNonNull(script, "script"));
            return this;
        }

        public ArmEmulator build() {
            return new ArmEmulator(this);
        }

        /** Builds and starts. */
        public ArmEmulator start() {
            return build().start();
        }
    }

    /** Binds to 127.0.0.1 and starts serving. */
    public synchronized ArmEmulator start() {
        if (server != null) {
            throw new IllegalStateException("The emulator is already started at " + endpoint);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Could not bind the ARM emulator to 127.0.0.1:" + requestedPort, e);
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
        LOG.info(() -> "ARM emulator listening on " + endpoint + (sandbox ? " (sandbox: commands run locally, "
                + "images are not pulled)" : ""));
        return this;
    }

    /** The base URL to give the SDK ({@code DISPATCH_ARM_ENDPOINT}). */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("The emulator is not started: call start() first");
        }
        return endpoint;
    }

    /** Any subscription id is accepted in paths; this is the one to configure. */
    public String subscriptionId() {
        return DEFAULT_SUBSCRIPTION_ID;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        synchronized (state) {
            groups.values().forEach(Group::kill);
        }
    }

    /** The script for groups of this name (created from now on). */
    public ArmEmulator script(String groupName, ContainerScript script) {
        scripts.put(requireName(groupName), Objects.requireNonNull(script, "script"));
        return this;
    }

    /** The script for groups without a script of their own. */
    public ArmEmulator defaultScript(ContainerScript script) {
        this.defaultScript = Objects.requireNonNull(script, "script");
        return this;
    }

    /**
     * Makes the {@code nthCall}-th request to {@code route} from now on (1 = the next one) fail with {@code fault}.
     */
    public ArmEmulator injectFault(Route route, int nthCall, Fault fault) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(fault, "fault");
        if (nthCall < 1) {
            throw new IllegalArgumentException("The value for nthCall must be at least 1, was " + nthCall);
        }
        synchronized (routeCounts) {
            long target = routeCounts.getOrDefault(route, 0L) + nthCall;
            faults.computeIfAbsent(route, r -> new HashMap<>()).put(target, fault);
        }
        return this;
    }

    public RequestLog requestLog() {
        synchronized (requests) {
            return new RequestLog(new ArrayList<>(requests));
        }
    }

    /** Every group that exists now. */
    public List<GroupSnapshot> groups() {
        synchronized (state) {
            Instant now = clock.instant();
            return groups.values().stream().map(g -> {
                GroupView view = g.view(now);
                return new GroupSnapshot(g.resourceGroup, g.name, g.tags, view.provisioningState,
                        Optional.of(view.instanceState), g.deploymentName);
            }).toList();
        }
    }

    /** Groups ever created (an incremental redeploy of an existing group does not count). */
    public long groupsCreated() {
        return groupsCreated.get();
    }

    public List<QuotaViolation> quotaViolations() {
        synchronized (state) {
            return List.copyOf(violations);
        }
    }

    /** Deletes a group the way someone with portal access would: no request is logged. */
    public boolean removeGroupBehindOurBack(String resourceGroup, String groupName) {
        synchronized (state) {
            Group removed = groups.remove(key(resourceGroup, groupName));
            if (removed != null) {
                removed.kill();
            }
            return removed != null;
        }
    }

    // ---------------------------------------------------------------- HTTP

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, body, Map.of());
        }

        static Reply empty(int status) {
            return new Reply(status, null, Map.of());
        }

        static Reply error(int status, String code, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("code", code).put("message", message);
            return new Reply(status, body, Map.of());
        }
    }

    private record Match(Route route, Matcher matcher) {
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Match match = route(method, path);
        Fault fault;
        synchronized (routeCounts) {
            long count = routeCounts.merge(match.route, 1L, Long::sum);
            Map<Long, Fault> pending = faults.get(match.route);
            fault = pending == null ? null : pending.remove(count);
        }
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (fault != null && fault.kind() == Fault.Kind.RESET) {
                resetConnection(exchange, method, path, match.route, "reset");
                return;
            }
            if (fault != null && fault.kind() == Fault.Kind.STATUS) {
                send(exchange, method, path, match.route, faultReply(fault), "status " + fault.status());
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
                reply = dispatch(match, body, query);
            }
            if (fault != null && fault.kind() == Fault.Kind.RESET_AFTER_PROCESSING) {
                resetConnection(exchange, method, path, match.route, "reset after processing");
                return;
            }
            send(exchange, method, path, match.route, reply, fault == null ? null : "slow");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "ARM emulator failed on " + method + " " + path, e);
            try {
                send(exchange, method, path, match.route, Reply.error(500, "InternalServerError",
                        "The emulator failed: " + e), null);
            } catch (IOException ignored) {
                exchange.close();
            }
        }
    }

    private Reply faultReply(Fault fault) {
        return switch (fault.status()) {
            case 429 -> new Reply(429, Reply.error(429, "SubscriptionRequestsThrottled", "Number of requests for "
                    + "subscription '" + DEFAULT_SUBSCRIPTION_ID + "' and operation 'emulated' exceeded the backend "
                    + "storage limit. Please try again after '" + fault.retryAfterSeconds() + "' seconds.").body(),
                    Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds())));
            case 503 -> Reply.error(503, "ServiceUnavailable", "The service is temporarily unavailable (injected).");
            default -> Reply.error(fault.status(), "InternalServerError", "Encountered an internal server error "
                    + "(injected).");
        };
    }

    private void resetConnection(HttpExchange exchange, String method, String path, Route route, String fault) {
        requests.add(new RecordedRequest(method, path, route, 0, fault));
        // Closing before sendResponseHeaders makes the JDK server drop the TCP connection without a response.
        exchange.close();
    }

    private void send(HttpExchange exchange, String method, String path, Route route, Reply reply, String fault)
            throws IOException {
        requests.add(new RecordedRequest(method, path, route, reply.status, fault));
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().add("x-ms-request-id", requestId);
        exchange.getResponseHeaders().add("x-ms-correlation-request-id", requestId);
        reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (reply.body == null) {
            exchange.sendResponseHeaders(reply.status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Match route(String method, String path) {
        String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
        Matcher m;
        if ((m = DEPLOYMENT.matcher(decoded)).matches()) {
            return switch (method) {
                case "PUT" -> new Match(Route.DEPLOYMENT_PUT, m);
                case "GET" -> new Match(Route.DEPLOYMENT_GET, m);
                case "DELETE" -> new Match(Route.DEPLOYMENT_DELETE, m);
                default -> new Match(Route.UNKNOWN, m);
            };
        }
        if ((m = DEPLOYMENT_OPERATION.matcher(decoded)).matches() && method.equals("GET")) {
            return new Match(Route.OPERATION_POLL, m);
        }
        if ((m = OPERATION_RESULT.matcher(decoded)).matches() && method.equals("GET")) {
            return new Match(Route.OPERATION_POLL, m);
        }
        if ((m = GROUPS.matcher(decoded)).matches() && method.equals("GET")) {
            return new Match(Route.GROUP_LIST, m);
        }
        if ((m = GROUP.matcher(decoded)).matches()) {
            return switch (method) {
                case "GET" -> new Match(Route.GROUP_GET, m);
                case "DELETE" -> new Match(Route.GROUP_DELETE, m);
                default -> new Match(Route.UNKNOWN, m);
            };
        }
        if ((m = GROUP_STOP.matcher(decoded)).matches() && method.equals("POST")) {
            return new Match(Route.GROUP_STOP, m);
        }
        if ((m = LOGS.matcher(decoded)).matches() && method.equals("GET")) {
            return new Match(Route.LOGS, m);
        }
        return new Match(Route.UNKNOWN, null);
    }

    private Reply dispatch(Match match, byte[] body, Map<String, String> query) {
        Matcher m = match.matcher;
        synchronized (state) {
            Instant now = clock.instant();
            return switch (match.route) {
                case DEPLOYMENT_PUT -> putDeployment(m.group(1), m.group(2), m.group(3), body, now);
                case DEPLOYMENT_GET -> getDeployment(m.group(2), m.group(3), now);
                case DEPLOYMENT_DELETE -> deleteDeployment(m.group(1), m.group(2), m.group(3), now);
                case OPERATION_POLL -> m.groupCount() == 4 ? deploymentOperation(m.group(2), m.group(3), now)
                        : Reply.empty(204);
                case GROUP_GET -> getGroup(m.group(2), m.group(3), now);
                case GROUP_LIST -> listGroups(m.group(2), now);
                case GROUP_DELETE -> deleteGroup(m.group(2), m.group(3), now);
                case GROUP_STOP -> stopGroup(m.group(2), m.group(3), now);
                case LOGS -> logs(m.group(2), m.group(3), m.group(4), query, now);
                case UNKNOWN -> Reply.error(404, "InvalidResourceType", "The ARM emulator does not serve this "
                        + "request; it emulates deployments and container groups only.");
            };
        }
    }

    // ---------------------------------------------------------------- deployments

    private final class Deployment {
        final String subscription;
        final String resourceGroup;
        final String name;
        final Instant createdAt;
        final String correlationId = UUID.randomUUID().toString();
        final List<String> groupIds = new ArrayList<>();
        final ObjectNode parameters;
        Instant completesAt;
        Instant failsAt;
        ObjectNode error;
        boolean canceled;

        Deployment(String subscription, String resourceGroup, String name, Instant createdAt, ObjectNode parameters) {
            this.subscription = subscription;
            this.resourceGroup = resourceGroup;
            this.name = name;
            this.createdAt = createdAt;
            this.parameters = parameters;
        }

        String state(Instant now) {
            if (canceled) {
                return "Canceled";
            }
            if (failsAt != null && !now.isBefore(failsAt)) {
                return "Failed";
            }
            if (failsAt == null && completesAt != null && !now.isBefore(completesAt)) {
                return "Succeeded";
            }
            return "Running";
        }

        Instant updatedAt(Instant now) {
            return switch (state(now)) {
                case "Failed" -> failsAt;
                case "Succeeded" -> completesAt;
                default -> createdAt;
            };
        }

        String id() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.Resources/deployments/" + name;
        }

        ObjectNode toJson(Instant now, String stateOverride) {
            String state = stateOverride != null ? stateOverride : state(now);
            ObjectNode node = JSON.createObjectNode();
            node.put("id", id());
            node.put("name", name);
            node.put("type", "Microsoft.Resources/deployments");
            ObjectNode properties = node.putObject("properties");
            properties.put("templateHash", TemplateEvaluator.uniqueString(id()));
            properties.set("parameters", parameters);
            properties.put("mode", "Incremental");
            properties.put("provisioningState", state);
            properties.put("timestamp", (stateOverride != null ? createdAt : updatedAt(now)).toString());
            properties.put("duration", Duration.between(createdAt, stateOverride != null ? createdAt : updatedAt(now))
                    .toString());
            properties.put("correlationId", correlationId);
            ObjectNode provider = properties.putArray("providers").addObject();
            provider.put("namespace", "Microsoft.ContainerInstance");
            ObjectNode type = provider.putArray("resourceTypes").addObject();
            type.put("resourceType", "containerGroups");
            type.putArray("locations").add(location);
            properties.putArray("dependencies");
            if ("Succeeded".equals(state)) {
                ArrayNode outputs = properties.putArray("outputResources");
                groupIds.forEach(id -> outputs.addObject().put("id", id));
            }
            if ("Failed".equals(state) && error != null) {
                properties.set("error", error);
            }
            return node;
        }
    }

    private Reply putDeployment(String subscription, String resourceGroup, String name, byte[] body, Instant now) {
        String deploymentKey = key(resourceGroup, name);
        Deployment existing = deployments.get(deploymentKey);
        if (existing != null && "Running".equals(existing.state(now))) {
            return Reply.error(409, "DeploymentActive", "Unable to edit or replace deployment '" + name
                    + "': previous deployment from '" + existing.createdAt + "' is still active (expiration time is '"
                    + existing.createdAt.plus(Duration.ofDays(14)) + "'). Please see https://aka.ms/arm-deploy for "
                    + "usage details.");
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return Reply.error(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: '" + e.getMessage() + "'.");
        }
        JsonNode properties = request == null ? null : request.get("properties");
        if (properties == null || !properties.has("template")) {
            String why = properties != null && properties.has("templateLink")
                    ? "the emulator supports inline templates only (properties.template), not templateLink"
                    : "properties.template is missing";
            return Reply.error(400, "InvalidRequestContent", "The request content was invalid: " + why + ".");
        }
        List<GroupSpec> specs;
        TemplateEvaluator evaluator;
        try {
            evaluator = new TemplateEvaluator(properties.get("template"), properties.get("parameters"),
                    new TemplateEvaluator.Scope(subscription, resourceGroup, location, name));
            specs = containerGroupsOf(properties.get("template"), evaluator);
        } catch (TemplateException e) {
            return Reply.error(400, e.code(), e.getMessage());
        }
        List<ObjectNode> problems = new ArrayList<>();
        specs.forEach(spec -> problems.addAll(validate(spec)));
        if (!problems.isEmpty()) {
            ObjectNode error = JSON.createObjectNode();
            ObjectNode inner = error.putObject("error");
            inner.put("code", "InvalidTemplateDeployment");
            inner.put("message", "The template deployment '" + name + "' is not valid according to the validation "
                    + "procedure. See inner errors for details.");
            ArrayNode details = inner.putArray("details");
            problems.forEach(details::add);
            return Reply.json(400, error);
        }
        Deployment deployment = new Deployment(subscription, resourceGroup, name, now,
                redactedParameters(properties.get("template"), properties.get("parameters")));
        Instant completesAt = now;
        for (GroupSpec spec : specs) {
            String groupKey = key(resourceGroup, spec.name);
            Group group = groups.get(groupKey);
            if (group != null) {
                group.update(spec, name);
                deployment.groupIds.add(group.id());
                continue;
            }
            Optional<ObjectNode> quotaError = checkQuotas(resourceGroup, spec, now);
            if (quotaError.isPresent()) {
                deployment.failsAt = now;
                deployment.error = deploymentFailed(quotaError.get());
                break;
            }
            ContainerScript script = scripts.getOrDefault(spec.name, defaultScript);
            group = new Group(subscription, resourceGroup, spec, name, script, now);
            groups.put(groupKey, group);
            groupsCreated.incrementAndGet();
            createTimes.add(now);
            deployment.groupIds.add(group.id());
            if (group.provisioningFailure().isPresent()) {
                ContainerScript.ProvisioningFailure failure = group.provisioningFailure().get();
                Instant failsAt = group.provisionedAt();
                if (deployment.failsAt == null || failsAt.isBefore(deployment.failsAt)) {
                    deployment.failsAt = failsAt;
                    ObjectNode detail = JSON.createObjectNode().put("code", failure.code())
                            .put("message", failure.message());
                    deployment.error = deploymentFailed(detail);
                }
            } else if (group.neverProvisions()) {
                completesAt = null;
            } else if (completesAt != null && group.provisionedAt().isAfter(completesAt)) {
                completesAt = group.provisionedAt();
            }
        }
        deployment.completesAt = completesAt;
        deployments.put(deploymentKey, deployment);
        String operationId = UUID.randomUUID().toString();
        String asyncOperation = endpoint + deployment.id() + "/operationStatuses/" + operationId
                + "?api-version=2025-04-01";
        return new Reply(existing == null ? 201 : 200, deployment.toJson(now, "Accepted"),
                Map.of("Azure-AsyncOperation", asyncOperation, "Retry-After", "1"));
    }

    private static ObjectNode deploymentFailed(ObjectNode detail) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", "DeploymentFailed");
        error.put("message", "At least one resource deployment operation failed. Please list deployment operations "
                + "for details. Please see https://aka.ms/arm-deployment-operations for usage details.");
        error.putArray("details").add(detail);
        return error;
    }

    private Reply getDeployment(String resourceGroup, String name, Instant now) {
        Deployment deployment = deployments.get(key(resourceGroup, name));
        if (deployment == null) {
            return Reply.error(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
        }
        return Reply.json(200, deployment.toJson(now, null));
    }

    private Reply deploymentOperation(String resourceGroup, String name, Instant now) {
        Deployment deployment = deployments.get(key(resourceGroup, name));
        if (deployment == null) {
            return Reply.error(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
        }
        ObjectNode status = JSON.createObjectNode();
        String state = deployment.state(now);
        status.put("status", state);
        if ("Failed".equals(state) && deployment.error != null) {
            status.set("error", deployment.error);
        }
        return Reply.json(200, status);
    }

    private Reply deleteDeployment(String subscription, String resourceGroup, String name, Instant now) {
        Deployment removed = deployments.remove(key(resourceGroup, name));
        if (removed == null) {
            return Reply.empty(204);
        }
        // Deleting a deployment record never deletes the resources it created (as in ARM).
        String location = endpoint + "/subscriptions/" + subscription + "/operationresults/"
                + UUID.randomUUID() + "?api-version=2025-04-01";
        return new Reply(202, null, Map.of("Location", location, "Retry-After", "1"));
    }

    private Optional<ObjectNode> checkQuotas(String resourceGroup, GroupSpec spec, Instant now) {
        double requestedCores = spec.cores();
        if (groups.size() + 1 > quotas.maxGroups()) {
            return Optional.of(quotaError(resourceGroup, spec.name, "ContainerGroups", quotas.maxGroups(),
                    groups.size(), 1, now));
        }
        double usedCores = groups.values().stream().filter(g -> !g.view(now).isFinished())
                .mapToDouble(g -> g.spec.cores()).sum();
        if (usedCores + requestedCores > quotas.maxCores()) {
            return Optional.of(quotaError(resourceGroup, spec.name, "StandardCores", quotas.maxCores(), usedCores,
                    requestedCores, now));
        }
        for (Quotas.CreateWindow window : quotas.createWindows()) {
            Instant since = now.minus(window.window());
            long recent = createTimes.stream().filter(t -> t.isAfter(since)).count();
            if (recent + 1 > window.creates()) {
                return Optional.of(quotaError(resourceGroup, spec.name, "ContainerGroupCreates" + window.window(),
                        window.creates(), recent, 1, now));
            }
        }
        return Optional.empty();
    }

    private ObjectNode quotaError(String resourceGroup, String groupName, String quota, double limit, double usage,
                                  double requested, Instant now) {
        violations.add(new QuotaViolation(quota, resourceGroup, groupName, limit, usage, requested, now));
        LOG.info(() -> "ARM emulator: quota " + quota + " refused group " + groupName);
        return JSON.createObjectNode().put("code", "ContainerGroupQuotaReached")
                .put("message", "Resource type '" + GROUP_TYPE + "' container group quota '" + quota
                        + "' exceeded in region '" + location + "'. Limit: '" + number(limit) + "', Usage: '"
                        + number(usage) + "' Requested: '" + number(requested) + "'.");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Parameters as ARM echoes them: secure values are left out. */
    private static ObjectNode redactedParameters(JsonNode template, JsonNode given) {
        ObjectNode result = JSON.createObjectNode();
        template.path("parameters").fields().forEachRemaining(e -> {
            String type = e.getValue().path("type").asText("string");
            ObjectNode parameter = result.putObject(e.getKey());
            parameter.put("type", type);
            JsonNode supplied = given == null ? null : given.get(e.getKey());
            if (!type.toLowerCase(Locale.ROOT).startsWith("secure") && supplied != null && supplied.has("value")) {
                parameter.set("value", supplied.get("value"));
            }
        });
        return result;
    }

    // ---------------------------------------------------------------- container groups

    private record GroupSpec(String name, String location, Map<String, String> tags, ObjectNode properties) {
        double cores() {
            double cores = 0;
            for (JsonNode container : properties.path("containers")) {
                cores += container.path("properties").path("resources").path("requests").path("cpu").asDouble(0);
            }
            return cores;
        }
    }

    private List<GroupSpec> containerGroupsOf(JsonNode template, TemplateEvaluator evaluator) {
        List<GroupSpec> specs = new ArrayList<>();
        for (JsonNode rawResource : template.path("resources")) {
            JsonNode resource = evaluator.evaluate(rawResource);
            if (resource.has("condition") && !resource.get("condition").asBoolean()) {
                continue;
            }
            if (!GROUP_TYPE.equalsIgnoreCase(resource.path("type").asText())) {
                LOG.info(() -> "ARM emulator: ignoring resource of type " + resource.path("type").asText());
                continue;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            resource.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            JsonNode properties = resource.get("properties");
            ObjectNode groupProperties = properties != null && properties.isObject() ? (ObjectNode) properties
                    : JSON.createObjectNode();
            coerceResourceNumbers(groupProperties);
            specs.add(new GroupSpec(resource.path("name").asText(""), resource.path("location").asText(location),
                    tags, groupProperties));
        }
        return specs;
    }

    /**
     * ARM templates have no decimal type, so cpu and memory often arrive as strings ("1.5"); the resource provider
     * reads them as numbers, and so does the emulator (the SDK would fail on a string).
     */
    private static void coerceResourceNumbers(ObjectNode properties) {
        for (JsonNode container : properties.path("containers")) {
            JsonNode resources = container.path("properties").path("resources");
            for (String section : List.of("requests", "limits")) {
                JsonNode values = resources.path(section);
                if (!values.isObject()) {
                    continue;
                }
                for (String field : List.of("cpu", "memoryInGB")) {
                    JsonNode value = values.get(field);
                    if (value != null && value.isTextual()) {
                        try {
                            ((ObjectNode) values).put(field, Double.parseDouble(value.asText().trim()));
                        } catch (NumberFormatException notANumber) {
                            // left as is: validation reports it
                        }
                    }
                }
            }
        }
    }

    private static List<ObjectNode> validate(GroupSpec spec) {
        List<ObjectNode> problems = new ArrayList<>();
        if (!GROUP_NAME.matcher(spec.name).matches()) {
            problems.add(problem("InvalidContainerGroupName", "The container group name '" + spec.name + "' is "
                    + "invalid. The container group name must contain no more than 63 characters and must match the "
                    + "regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. 'my-name')."));
        }
        JsonNode containers = spec.properties.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(problem("ContainerGroupMissingContainers", "The container group '" + spec.name
                    + "' must have at least one container (properties.containers)."));
        }
        for (JsonNode container : containers) {
            String containerName = container.path("name").asText("");
            JsonNode properties = container.path("properties");
            if (containerName.isEmpty()) {
                problems.add(problem("InvalidContainerName", "A container of group '" + spec.name + "' has no name."));
            }
            if (properties.path("image").asText("").isBlank()) {
                problems.add(problem("InvalidImageName", "The container '" + containerName + "' of group '"
                        + spec.name + "' has no image (properties.image)."));
            }
            JsonNode requests = properties.path("resources").path("requests");
            if (!(requests.path("cpu").asDouble(0) > 0) || !(requests.path("memoryInGB").asDouble(0) > 0)) {
                problems.add(problem("InvalidResourceRequests", "The container '" + containerName + "' of group '"
                        + spec.name + "' must request cpu and memoryInGB greater than 0 "
                        + "(properties.resources.requests)."));
            }
        }
        return problems;
    }

    private static ObjectNode problem(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message);
    }

    /** A container's state at one instant. */
    private record ContainerView(String state, Integer exitCode, Instant startTime, Instant finishTime,
                                 String detailStatus, List<ObjectNode> events, String logs) {
    }

    private record GroupView(String provisioningState, String instanceState, List<ContainerView> containers,
                             List<ObjectNode> events) {
        boolean isFinished() {
            return List.of("Succeeded", "Failed", "Stopped").contains(instanceState);
        }
    }

    private final class Group {
        final String subscription;
        final String resourceGroup;
        final String name;
        final Instant createdAt;
        final ContainerScript script;
        final Map<String, SandboxProcess> processes = new LinkedHashMap<>();
        GroupSpec spec;
        Map<String, String> tags;
        String deploymentName;
        Instant stoppedAt;
        String sandboxFailure;

        Group(String subscription, String resourceGroup, GroupSpec spec, String deploymentName, ContainerScript script,
              Instant now) {
            this.subscription = subscription;
            this.resourceGroup = resourceGroup;
            this.name = spec.name;
            this.spec = spec;
            this.tags = spec.tags;
            this.deploymentName = deploymentName;
            this.script = script;
            this.createdAt = now;
            if (sandbox) {
                startProcesses();
            }
        }

        void update(GroupSpec newSpec, String newDeploymentName) {
            // Incremental mode: properties and tags are updated in place, the running instance is kept.
            this.spec = newSpec;
            this.tags = newSpec.tags;
            this.deploymentName = newDeploymentName;
        }

        String id() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.ContainerInstance/containerGroups/" + name;
        }

        private void startProcesses() {
            for (JsonNode container : spec.properties.path("containers")) {
                String containerName = container.path("name").asText();
                JsonNode properties = container.path("properties");
                List<String> command = new ArrayList<>();
                properties.path("command").forEach(c -> command.add(c.asText()));
                if (command.isEmpty()) {
                    sandboxFailure = "Sandbox mode runs each container's command as a local process, and container '"
                            + containerName + "' has no command: give the job a command.";
                    processes.values().forEach(SandboxProcess::kill);
                    processes.clear();
                    return;
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (JsonNode variable : properties.path("environmentVariables")) {
                    String value = variable.hasNonNull("secureValue") ? variable.get("secureValue").asText()
                            : variable.path("value").asText("");
                    env.put(variable.path("name").asText(), value);
                }
                processes.put(containerName, SandboxProcess.start(clock, name, containerName,
                        properties.path("image").asText(), command, env));
            }
        }

        Optional<ContainerScript.ProvisioningFailure> provisioningFailure() {
            if (sandbox) {
                return Optional.ofNullable(sandboxFailure)
                        .map(message -> new ContainerScript.ProvisioningFailure("SandboxCommandMissing", message));
            }
            return script.provisioningFailure();
        }

        boolean neverProvisions() {
            return !sandbox && script.neverStart();
        }

        Instant provisionedAt() {
            return sandbox ? createdAt : createdAt.plus(script.provisioningDelay());
        }

        void kill() {
            processes.values().forEach(SandboxProcess::kill);
        }

        GroupView view(Instant now) {
            List<ContainerView> containers = new ArrayList<>();
            List<String> names = new ArrayList<>();
            spec.properties.path("containers").forEach(c -> names.add(c.path("name").asText()));
            boolean provisioningFailed = provisioningFailure().isPresent() && !now.isBefore(provisionedAt());
            for (String containerName : names) {
                containers.add(sandbox ? sandboxView(containerName, now) : scriptView(now));
            }
            String provisioningState;
            String instanceState;
            if (provisioningFailed) {
                provisioningState = "Failed";
                instanceState = "Pending";
            } else if (stoppedAt != null) {
                provisioningState = "Succeeded";
                instanceState = "Stopped";
            } else if (containers.stream().anyMatch(c -> c.state.equals("Waiting"))) {
                provisioningState = "Creating";
                instanceState = "Pending";
            } else if (containers.stream().allMatch(c -> c.state.equals("Terminated"))) {
                provisioningState = "Succeeded";
                instanceState = containers.stream().allMatch(c -> Integer.valueOf(0).equals(c.exitCode))
                        ? "Succeeded" : "Failed";
            } else {
                provisioningState = "Succeeded";
                instanceState = "Running";
            }
            return new GroupView(provisioningState, instanceState, containers, List.of());
        }

        private ContainerView scriptView(Instant now) {
            String image = spec.properties.path("containers").path(0).path("properties").path("image").asText();
            Instant start = createdAt.plus(script.provisioningDelay());
            Instant finish = start.plus(script.runDuration());
            List<ObjectNode> events = new ArrayList<>();
            events.add(event("Normal", "Pulling", "pulling image \"" + image + "\"", createdAt));
            boolean provisioned = !script.neverStart() && script.provisioningFailure().isEmpty()
                    && !now.isBefore(start);
            if (script.provisioningFailure().isPresent() && !now.isBefore(start)) {
                events.add(event("Warning", "Failed", script.provisioningFailure().get().message(), start));
            }
            boolean finished = provisioned && !now.isBefore(finish);
            if (stoppedAt != null && (!provisioned || stoppedAt.isBefore(finish))) {
                events.add(event("Normal", "Killing", "Killing container", stoppedAt));
                return new ContainerView("Terminated", null, provisioned ? start : null, stoppedAt, "Stopped",
                        events, cap(visibleLines(start, stoppedAt)));
            }
            if (!provisioned) {
                return new ContainerView("Waiting", null, null, null, script.provisioningFailure().isPresent()
                        ? "ProvisioningFailed" : "Pulling", events, "");
            }
            events.add(event("Normal", "Pulled", "Successfully pulled image \"" + image + "\"", start));
            events.add(event("Normal", "Started", "Started container", start));
            if (!finished) {
                return new ContainerView("Running", null, start, null, "", events, visibleLines(start, now));
            }
            String logs = String.join("\n", script.logLines()) + (script.logLines().isEmpty() ? "" : "\n");
            return new ContainerView("Terminated", script.exitCode(), start, finish,
                    script.exitCode() == 0 ? "Completed" : "Error", events, stoppedAt != null ? cap(logs) : logs);
        }

        private String visibleLines(Instant start, Instant now) {
            List<String> lines = script.logLines();
            long total = script.runDuration().toMillis();
            long elapsed = Duration.between(start, now).toMillis();
            int visible = total <= 0 ? lines.size() : (int) Math.min(lines.size(), lines.size() * elapsed / total);
            return lines.subList(0, Math.max(visible, 0)).stream().map(l -> l + "\n")
                    .reduce("", String::concat);
        }

        private ContainerView sandboxView(String containerName, Instant now) {
            SandboxProcess process = processes.get(containerName);
            String image = spec.properties.path("containers").path(0).path("properties").path("image").asText();
            List<ObjectNode> events = new ArrayList<>();
            if (process == null) {
                events.add(event("Warning", "Failed", sandboxFailure == null ? "not started" : sandboxFailure,
                        createdAt));
                return new ContainerView("Waiting", null, null, null, "ProvisioningFailed", events, "");
            }
            events.add(event("Normal", "Started", "Started local process (sandbox; image \"" + image
                    + "\" not pulled)", process.startedAt()));
            if (process.isRunning() && stoppedAt == null) {
                return new ContainerView("Running", null, process.startedAt(), null, "", events, process.output());
            }
            if (process.isRunning()) {
                return new ContainerView("Terminated", null, process.startedAt(), stoppedAt, "Stopped", events,
                        cap(process.output()));
            }
            int exit = process.exitCode().orElse(-1);
            return new ContainerView("Terminated", exit, process.startedAt(), process.finishedAt().orElse(now),
                    exit == 0 ? "Completed" : "Error", events, process.output());
        }

        ObjectNode toJson(Instant now, boolean withInstanceView) {
            GroupView view = view(now);
            ObjectNode node = JSON.createObjectNode();
            node.put("id", id());
            node.put("location", spec.location);
            node.put("name", name);
            ObjectNode tagNode = node.putObject("tags");
            tags.forEach(tagNode::put);
            node.put("type", GROUP_TYPE);
            ObjectNode properties = sanitized(spec.properties);
            properties.put("provisioningState", view.provisioningState);
            if (!properties.has("osType")) {
                properties.put("osType", "Linux");
            }
            if (!properties.has("restartPolicy")) {
                properties.put("restartPolicy", "Always");
            }
            if (!properties.has("sku")) {
                properties.put("sku", "Standard");
            }
            ArrayNode containers = (ArrayNode) properties.path("containers");
            for (int i = 0; i < containers.size(); i++) {
                ObjectNode containerProperties = (ObjectNode) containers.get(i).path("properties");
                if (withInstanceView && i < view.containers.size()) {
                    ContainerView c = view.containers.get(i);
                    ObjectNode instanceView = containerProperties.putObject("instanceView");
                    instanceView.put("restartCount", 0);
                    ObjectNode current = instanceView.putObject("currentState");
                    current.put("state", c.state);
                    if (c.startTime != null) {
                        current.put("startTime", c.startTime.toString());
                    }
                    if (c.exitCode != null) {
                        current.put("exitCode", c.exitCode);
                    }
                    if (c.finishTime != null) {
                        current.put("finishTime", c.finishTime.toString());
                    }
                    current.put("detailStatus", c.detailStatus);
                    ArrayNode events = instanceView.putArray("events");
                    c.events.forEach(events::add);
                }
            }
            if (withInstanceView) {
                ObjectNode groupView = properties.putObject("instanceView");
                groupView.putArray("events");
                groupView.put("state", view.instanceState);
            }
            node.set("properties", properties);
            return node;
        }
    }

    /** A copy without secrets: ACI never returns secure environment values or registry passwords. */
    private static ObjectNode sanitized(ObjectNode properties) {
        ObjectNode copy = properties.deepCopy();
        copy.remove("instanceView");
        for (String section : List.of("containers", "initContainers")) {
            for (JsonNode container : copy.path(section)) {
                JsonNode env = container.path("properties").path("environmentVariables");
                for (JsonNode variable : env) {
                    if (variable.has("secureValue")) {
                        ((ObjectNode) variable).remove("secureValue");
                    }
                }
            }
        }
        for (JsonNode credential : copy.path("imageRegistryCredentials")) {
            ((ObjectNode) credential).remove("password");
        }
        return copy;
    }

    private static ObjectNode event(String type, String name, String message, Instant at) {
        ObjectNode event = JSON.createObjectNode();
        event.put("count", 1);
        event.put("firstTimestamp", at.toString());
        event.put("lastTimestamp", at.toString());
        event.put("name", name);
        event.put("message", message);
        event.put("type", type);
        return event;
    }

    private static String cap(String logs) {
        String[] lines = logs.split("\n", -1);
        int from = Math.max(0, lines.length - 1 - STOPPED_LOG_LINES);
        String kept = String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= STOPPED_LOG_BYTES) {
            return kept;
        }
        return new String(bytes, bytes.length - STOPPED_LOG_BYTES, STOPPED_LOG_BYTES, StandardCharsets.UTF_8);
    }

    private Reply notFound(String resourceGroup, String groupName) {
        return Reply.error(404, "ResourceNotFound", "The Resource '" + GROUP_TYPE + "/" + groupName
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }

    private Reply getGroup(String resourceGroup, String name, Instant now) {
        Group group = groups.get(key(resourceGroup, name));
        return group == null ? notFound(resourceGroup, name) : Reply.json(200, group.toJson(now, true));
    }

    private Reply listGroups(String resourceGroup, Instant now) {
        ObjectNode list = JSON.createObjectNode();
        ArrayNode value = list.putArray("value");
        groups.values().stream().filter(g -> g.resourceGroup.equalsIgnoreCase(resourceGroup))
                .forEach(g -> value.add(g.toJson(now, false)));
        return Reply.json(200, list);
    }

    private Reply deleteGroup(String resourceGroup, String name, Instant now) {
        Group group = groups.remove(key(resourceGroup, name));
        if (group == null) {
            return Reply.empty(204);
        }
        ObjectNode body = group.toJson(now, true);
        group.kill();
        return Reply.json(200, body);
    }

    private Reply stopGroup(String resourceGroup, String name, Instant now) {
        Group group = groups.get(key(resourceGroup, name));
        if (group == null) {
            return notFound(resourceGroup, name);
        }
        if (group.stoppedAt == null) {
            group.stoppedAt = now;
        }
        group.kill();
        return Reply.empty(204);
    }

    private Reply logs(String resourceGroup, String name, String containerName, Map<String, String> query,
                       Instant now) {
        Group group = groups.get(key(resourceGroup, name));
        if (group == null) {
            return notFound(resourceGroup, name);
        }
        List<String> names = new ArrayList<>();
        group.spec.properties.path("containers").forEach(c -> names.add(c.path("name").asText()));
        int index = names.indexOf(containerName);
        if (index < 0) {
            return Reply.error(404, "ContainerNotFound", "The container '" + containerName + "' is not found in "
                    + "container group '" + name + "'.");
        }
        String content = group.view(now).containers.get(index).logs;
        if (query.containsKey("tail")) {
            try {
                content = tail(content, Integer.parseInt(query.get("tail")));
            } catch (NumberFormatException e) {
                return Reply.error(400, "InvalidParameter", "The 'tail' parameter must be a whole number.");
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("content", content);
        return Reply.json(200, body);
    }

    static String tail(String content, int lines) {
        if (lines <= 0 || content.isEmpty()) {
            return lines <= 0 ? "" : content;
        }
        boolean trailingNewline = content.endsWith("\n");
        String[] all = (trailingNewline ? content.substring(0, content.length() - 1) : content).split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length)) + (trailingNewline ? "\n" : "");
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

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }

    private static String requireName(String groupName) {
        if (groupName == null || groupName.isBlank()) {
            throw new IllegalArgumentException("The value for groupName must not be blank");
        }
        return groupName;
    }
}
