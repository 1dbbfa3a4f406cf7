package dev.acidispatch.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * An ARM + ACI emulator on the JDK HTTP server, bound to loopback on a free port. It serves the deployment and
 * container-group operations the dispatcher uses, with the shapes the real service sends (see the fixtures under
 * {@code src/test/resources/arm-specs}), so the real Azure SDK can be pointed at {@link #endpoint()}.
 *
 * <p>Container lifecycles are computed from the emulator's {@link Clock} at request time: with a
 * {@code VirtualClock}, a six-hour job completes as soon as the test moves the clock. In sandbox mode the
 * container's command runs as a local process instead (the image is not pulled).
 *
 * <p>Where the app depends on Azure's behaviour, the emulator behaves like it: ARM's request buckets
 * ({@link Throttling}), role-based authorization ({@link Authorization}), missing resource groups and references,
 * asynchronous deletes, running deployments that must be canceled before they are deleted, platform restarts, pulls
 * that keep failing and ACI's 30-minute provisioning timeout, regional quotas with delete limits, paged lists and ACI's
 * validation of a group. emulator/README.md lists what it models, with sources, and what it does not.
 *
 * <p>Not emulated: authentication, template links, nested deployments, resource types other than container groups
 * (they are accepted and ignored), and ARM's exact {@code uniqueString} hash. Function Apps
 * ({@code Microsoft.Web/sites}) are served read-only, as a test puts them in place ({@link #functionApp}).
 *
 * <p>This class is the public face and the composition root; the route table ({@link #routes}) says which class
 * answers which request and which operation it needs: {@link Deployments}, {@link ContainerGroups},
 * {@link ContainerLogs}, {@link AsyncOperations} and {@link Permissions}, with quotas enforced by {@link QuotaLedger},
 * faults by {@link FaultInjector} and the HTTP side (throttling, authorization, resource groups) in
 * {@link EmulatorHttpServer}.
 */
public final class ArmEmulator implements AutoCloseable {
    public static final String DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
    private static final Logger LOG = Logger.getLogger(ArmEmulator.class.getName());
    private static final String RESOURCE_GROUP = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}";
    private static final String DEPLOYMENT = RESOURCE_GROUP + "/providers/Microsoft.Resources/deployments/{deployment}";
    private static final String GROUPS = RESOURCE_GROUP + "/providers/Microsoft.ContainerInstance/containerGroups";
    private static final String GROUP = GROUPS + "/{group}";
    private static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
    private static final String CONTAINER_GROUPS = "Microsoft.ContainerInstance/containerGroups";

    private final Clock clock;
    private final boolean sandbox;
    private final int requestedPort;
    /** Every handler runs under this lock, and so does every look at the state from outside. */
    private final Object state = new Object();
    private final QuotaLedger quotas;
    private final ContainerGroups groups;
    private final Deployments deployments;
    private final ContainerLogs logs;
    private final AsyncOperations operations;
    private final Sites sites;
    private final Permissions permissions;
    private final Usages usages;
    private final FaultInjector faults = new FaultInjector();
    private final FakeKeyVault keyVault;
    private final EmulatorHttpServer server;

    private ArmEmulator(Builder builder) {
        this.clock = builder.clock;
        this.sandbox = builder.sandbox;
        this.requestedPort = builder.port;
        ExistingResources existing = new ExistingResources(builder.resourceGroups, builder.existingResources);
        this.quotas = new QuotaLedger(builder.quotas);
        this.operations = new AsyncOperations(this::endpoint);
        this.groups = new ContainerGroups(clock, sandbox, quotas, builder.defaultScript, builder.scripts, operations,
                this::endpoint, builder.groupDeleteDuration, builder.listPageSize);
        this.keyVault = builder.keyVault;
        this.deployments = new Deployments(groups, operations, builder.location, keyVault, builder.authorization,
                existing, builder.deploymentDeleteDuration);
        this.logs = new ContainerLogs(groups);
        this.sites = new Sites(builder.location);
        this.permissions = new Permissions(builder.authorization);
        this.usages = new Usages(groups, quotas);
        this.server = new EmulatorHttpServer(routes(), faults, state, clock, new RequestThrottle(builder.throttling),
                builder.authorization, existing);
    }

    /**
     * Which method and path each class answers, and the ARM operation each needs the caller to hold (the operation
     * names of Azure RBAC's resource provider operations); anything else is a 404 {@code InvalidResourceType}. The
     * asynchronous-operation polls, the permissions read and the Function App reads need none here.
     */
    private Router routes() {
        return new Router(request -> Reply.error(404, "InvalidResourceType", "The ARM emulator does not serve this "
                + "request; it emulates deployments and container groups, and reads Function Apps."))
                .add("PUT", DEPLOYMENT, Route.DEPLOYMENT_PUT, on(DEPLOYMENTS + "/write", ArmEmulator::deploymentId),
                        deployments::put)
                .add("GET", DEPLOYMENT, Route.DEPLOYMENT_GET, on(DEPLOYMENTS + "/read", ArmEmulator::deploymentId),
                        deployments::get)
                .add("DELETE", DEPLOYMENT, Route.DEPLOYMENT_DELETE,
                        on(DEPLOYMENTS + "/delete", ArmEmulator::deploymentId), deployments::delete)
                .add("POST", DEPLOYMENT + "/cancel", Route.DEPLOYMENT_CANCEL,
                        on(DEPLOYMENTS + "/cancel/action", ArmEmulator::deploymentId), deployments::cancel)
                .add("GET", DEPLOYMENT + "/operationStatuses/{operation}", Route.OPERATION_POLL,
                        on(DEPLOYMENTS + "/operationstatuses/read", ArmEmulator::deploymentId),
                        deployments::operationStatus)
                .add("GET", "/subscriptions/{subscription}/operationresults/{operation}", Route.OPERATION_POLL,
                        operations::result)
                .add("GET", "/subscriptions/{subscription}/providers/Microsoft.ContainerInstance/locations/{location}"
                        + "/operations/{operation}", Route.OPERATION_POLL, operations::status)
                .add("GET", GROUPS, Route.GROUP_LIST, on(CONTAINER_GROUPS + "/read", ArmEmulator::resourceGroupId),
                        groups::list)
                .add("GET", GROUP, Route.GROUP_GET, on(CONTAINER_GROUPS + "/read", ArmEmulator::groupId), groups::get)
                .add("DELETE", GROUP, Route.GROUP_DELETE, on(CONTAINER_GROUPS + "/delete", ArmEmulator::groupId),
                        groups::delete)
                .add("POST", GROUP + "/stop", Route.GROUP_STOP, on(CONTAINER_GROUPS + "/stop/action",
                        ArmEmulator::groupId), groups::stop)
                .add("GET", GROUP + "/containers/{container}/logs", Route.LOGS,
                        on(CONTAINER_GROUPS + "/containers/logs/read", ArmEmulator::groupId), logs::get)
                .add("GET", RESOURCE_GROUP + "/providers/Microsoft.Authorization/permissions", Route.PERMISSIONS_LIST,
                        permissions::list)
                // Function App reads are for dispatchctl doctor, run by whoever operates the app: not checked here.
                .add("GET", RESOURCE_GROUP + "/providers/Microsoft.Web/sites/{site}", Route.SITE_GET, sites::get)
                .add("POST", RESOURCE_GROUP + "/providers/Microsoft.Web/sites/{site}/host/default/listkeys",
                        Route.SITE_LIST_KEYS, sites::listKeys)
                // Subscription scope: a role assigned on a resource group does not cover it.
                .add("GET", "/subscriptions/{subscription}/providers/Microsoft.ContainerInstance/locations/{location}"
                        + "/usages", Route.USAGES_LIST, on("Microsoft.ContainerInstance/locations/usages/read",
                        r -> "/subscriptions/" + r.subscription()), usages::list);
    }

    private static Router.AccessRule on(String action, java.util.function.Function<ArmRequest, String> scope) {
        return request -> Optional.of(new Router.Access(action, scope.apply(request)));
    }

    private static String resourceGroupId(ArmRequest request) {
        return "/subscriptions/" + request.subscription() + "/resourceGroups/" + request.resourceGroup();
    }

    private static String deploymentId(ArmRequest request) {
        return resourceGroupId(request) + "/providers/Microsoft.Resources/deployments/" + request.path("deployment");
    }

    private static String groupId(ArmRequest request) {
        return resourceGroupId(request) + "/providers/" + ContainerGroups.RESOURCE_TYPE + "/" + request.path("group");
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
        private final FakeKeyVault keyVault = new FakeKeyVault();
        /**
         * A secret that deployment parameters referencing Key Vault ({@code "reference": {"keyVault": {"id"},
         * "secretName"}}) resolve to; a reference to anything not set this way fails the deployment as ARM does
         * ({@code KeyVaultParameterReferenceSecretRetrieveFailed}).
         */
        public Builder keyVaultSecret(String vaultId, String secretName, String value) {
            keyVault.put(vaultId, secretName, null, value);
            return this;
        }

        private Throttling throttling = Throttling.armDefaults();
        private Authorization authorization = Authorization.unrestricted();
        private List<String> resourceGroups;
        private List<String> existingResources;
        private Duration groupDeleteDuration = Duration.ZERO;
        private Duration deploymentDeleteDuration = Duration.ZERO;
        private int listPageSize = 100;

        /** ARM's request buckets per subscription (default {@link Throttling#armDefaults()}). */
        public Builder throttling(Throttling throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /**
         * Who calls and what they may do (default {@link Authorization#unrestricted()}): what requests are allowed,
         * and what {@code GET .../Microsoft.Authorization/permissions} reports for a resource group.
         */
        public Builder authorization(Authorization authorization) {
            this.authorization = Objects.requireNonNull(authorization, "authorization");
            return this;
        }

        /** The resource groups that exist; requests into others get 404 ResourceGroupNotFound (default: any). */
        public Builder resourceGroups(String... names) {
            this.resourceGroups = List.of(names);
            return this;
        }

        /**
         * The identities and subnets that exist (resource ids); a deployment that references another fails (default:
         * any).
         */
        public Builder existingResources(String... resourceIds) {
            this.existingResources = List.of(resourceIds);
            return this;
        }

        /** How long a container group DELETE takes to finish (default 0: gone at the next request). */
        public Builder groupDeleteDuration(Duration duration) {
            this.groupDeleteDuration = nonNegative(duration, "groupDeleteDuration");
            return this;
        }

        /** How long a deployment DELETE takes to finish (default 0: gone at the next request). */
        public Builder deploymentDeleteDuration(Duration duration) {
            this.deploymentDeleteDuration = nonNegative(duration, "deploymentDeleteDuration");
            return this;
        }

        /** Groups per page of a list (default 100). */
        public Builder listPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("The value for listPageSize must be at least 1, was " + size);
            }
            this.listPageSize = size;
            return this;
        }

        private static Duration nonNegative(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative()) {
                throw new IllegalArgumentException("The value for " + field + " must not be negative, was " + value);
            }
            return value;
        }

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
        URI endpoint = server.start(requestedPort);
        LOG.info(() -> "ARM emulator listening on " + endpoint + (sandbox ? " (sandbox: commands run locally, "
                + "images are not pulled)" : ""));
        return this;
    }

    /** The base URL to give the SDK ({@code DISPATCH_ARM_ENDPOINT}). */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Any subscription id is accepted in paths; this is the one to configure. */
    public String subscriptionId() {
        return DEFAULT_SUBSCRIPTION_ID;
    }

    @Override
    public synchronized void close() {
        server.stop();
        synchronized (state) {
            groups.killAll();
        }
    }

    /** A Key Vault secret for deployments from now on (see {@link Builder#keyVaultSecret}). */
    public ArmEmulator keyVaultSecret(String vaultId, String secretName, String value) {
        keyVault.put(vaultId, secretName, null, value);
        return this;
    }

    /** The script for groups of this name (created from now on). */
    public ArmEmulator script(String groupName, ContainerScript script) {
        groups.script(requireName(groupName), Objects.requireNonNull(script, "script"));
        return this;
    }

    /** The script for groups without a script of their own. */
    public ArmEmulator defaultScript(ContainerScript script) {
        groups.defaultScript(Objects.requireNonNull(script, "script"));
        return this;
    }

    /**
     * Makes the {@code nthCall}-th request to {@code route} from now on (1 = the next one) fail with {@code fault}.
     */
    public ArmEmulator injectFault(Route route, int nthCall, Fault fault) {
        faults.inject(route, nthCall, fault);
        return this;
    }

    public RequestLog requestLog() {
        return server.requestLog();
    }

    /** Every group that exists now. */
    public List<GroupSnapshot> groups() {
        synchronized (state) {
            return groups.snapshots(clock.instant());
        }
    }

    /** The ids of the deployment records that exist now (ones being deleted included). */
    public List<String> deployments() {
        synchronized (state) {
            return deployments.ids(clock.instant());
        }
    }

    /** Groups ever created (an incremental redeploy of an existing group does not count). */
    public long groupsCreated() {
        return groups.created();
    }

    public List<QuotaViolation> quotaViolations() {
        synchronized (state) {
            return quotas.violations();
        }
    }

    /**
     * Puts a Linux Function App in place (or replaces it), which {@code GET .../Microsoft.Web/sites/{name}} then
     * returns; {@code httpsOnly} is what a deployment check reads.
     */
    public ArmEmulator functionApp(String resourceGroup, String name, boolean httpsOnly) {
        if (resourceGroup == null || resourceGroup.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("The values for resourceGroup and name must not be blank");
        }
        synchronized (state) {
            sites.putFunctionApp(resourceGroup, name, httpsOnly);
        }
        return this;
    }

    /** The function keys {@code POST .../sites/{name}/host/default/listkeys} reports (name to value; may be empty). */
    public ArmEmulator functionAppKeys(String resourceGroup, String name, Map<String, String> functionKeys) {
        Objects.requireNonNull(functionKeys, "functionKeys");
        synchronized (state) {
            sites.putFunctionKeys(resourceGroup, name, functionKeys);
        }
        return this;
    }

    /** Deletes a group the way someone with portal access would: no request is logged. */
    public boolean removeGroupBehindOurBack(String resourceGroup, String groupName) {
        synchronized (state) {
            return groups.removeQuietly(resourceGroup, groupName);
        }
    }

    /** The app module's ArmEmulatorTest calls it here; see {@link ContainerLogs#tail}. */
    static String tail(String content, int lines) {
        return ContainerLogs.tail(content, lines);
    }

    private static String requireName(String groupName) {
        if (groupName == null || groupName.isBlank()) {
            throw new IllegalArgumentException("The value for groupName must not be blank");
        }
        return groupName;
    }
}
