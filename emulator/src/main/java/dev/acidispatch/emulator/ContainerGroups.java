package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code Microsoft.ContainerInstance/containerGroups} resource: the groups that exist, the REST operations on
 * them (get, list by resource group, delete, stop) and creation on behalf of a deployment, gated by the regional
 * quotas. Names are case-insensitive, as in ARM.
 *
 * <p>Deletes are asynchronous, as the 2023-05-01 API declares them ({@code x-ms-long-running-operation}, 202 "Delete
 * started"): the group stays, {@code Deleting}, for the configured delete duration, then is gone. Lists come in
 * pages of {@code pageSize} with a {@code nextLink} ({@code x-ms-pageable}).
 *
 * <p>Not thread-safe: the emulator calls it under its state lock (scripts excepted, which tests may set at any
 * time).
 */
final class ContainerGroups {
    static final String RESOURCE_TYPE = "Microsoft.ContainerInstance/containerGroups";

    private final Clock clock;
    private final boolean sandbox;
    private final QuotaLedger quotas;
    private final AsyncOperations operations;
    private final Supplier<URI> endpoint;
    private final Duration deleteDuration;
    private final int pageSize;
    private final Map<String, EmulatedGroup> groups = new LinkedHashMap<>();
    private final Map<String, ContainerScript> scripts = new ConcurrentHashMap<>();
    private volatile ContainerScript defaultScript;
    private final AtomicLong created = new AtomicLong();

    ContainerGroups(Clock clock, boolean sandbox, QuotaLedger quotas, ContainerScript defaultScript,
                    Map<String, ContainerScript> scripts) {
        this(clock, sandbox, quotas, defaultScript, scripts, new AsyncOperations(() -> URI.create("http://127.0.0.1")),
                () -> URI.create("http://127.0.0.1"), Duration.ZERO, 100);
    }

    ContainerGroups(Clock clock, boolean sandbox, QuotaLedger quotas, ContainerScript defaultScript,
                    Map<String, ContainerScript> scripts, AsyncOperations operations, Supplier<URI> endpoint,
                    Duration deleteDuration, int pageSize) {
        this.clock = clock;
        this.sandbox = sandbox;
        this.quotas = quotas;
        this.operations = operations;
        this.endpoint = endpoint;
        this.deleteDuration = deleteDuration;
        this.pageSize = pageSize;
        this.defaultScript = Objects.requireNonNull(defaultScript, "defaultScript");
        this.scripts.putAll(scripts);
    }

    // ---------------------------------------------------------------- REST operations

    /** {@code GET .../containerGroups/{group}}: the group with its instance view. */
    Reply get(ArmRequest request) {
        return find(request.resourceGroup(), request.path("group"), request.now())
                .map(group -> Reply.json(200, group.toJson(request.now(), true)))
                .orElseGet(() -> notFound(request.resourceGroup(), request.path("group")));
    }

    /**
     * {@code GET .../containerGroups}: the resource group's groups, without instance views, a page at a time; the
     * {@code nextLink} carries a {@code $skiptoken} (the offset of the next page).
     */
    Reply list(ArmRequest request) {
        purge(request.now());
        List<EmulatedGroup> all = groups.values().stream()
                .filter(g -> g.resourceGroup.equalsIgnoreCase(request.resourceGroup())).toList();
        int from;
        try {
            from = Integer.parseInt(request.query().getOrDefault("$skiptoken", "0"));
        } catch (NumberFormatException e) {
            return Reply.error(400, "InvalidSkipToken", "The $skiptoken '" + request.query().get("$skiptoken")
                    + "' is not valid.");
        }
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        ArrayNode value = list.putArray("value");
        int to = Math.min(all.size(), Math.max(0, from) + pageSize);
        for (int i = Math.max(0, from); i < to; i++) {
            value.add(all.get(i).toJson(request.now(), false));
        }
        if (to < all.size()) {
            list.put("nextLink", endpoint.get() + "/subscriptions/" + request.subscription() + "/resourceGroups/"
                    + request.resourceGroup() + "/providers/" + RESOURCE_TYPE + "?api-version="
                    + AsyncOperations.ACI_API_VERSION + "&$skiptoken=" + to);
        }
        return Reply.json(200, list);
    }

    /**
     * {@code DELETE}: 202 with {@code Azure-AsyncOperation} and {@code Location}; 204 when there is none. A group
     * already being deleted answers 202 again (the same operation). When the region's delete rate is used up, 429.
     */
    Reply delete(ArmRequest request) {
        Optional<EmulatedGroup> found = find(request.resourceGroup(), request.path("group"), request.now());
        if (found.isEmpty()) {
            return Reply.empty(204);
        }
        EmulatedGroup group = found.get();
        if (!group.isDeleting()) {
            Optional<Reply> throttled = quotas.deleteRefusal(request.resourceGroup(), group.name,
                    group.spec().location(), request.now());
            if (throttled.isPresent()) {
                return throttled.get();
            }
            quotas.recordDelete(group.spec().location(), request.now());
            Instant completes = request.now().plus(deleteDuration);
            group.beginDelete(request.now(), completes, operations.track(now -> !now.isBefore(completes)));
        }
        return Reply.empty(202).withHeaders(operations.groupDeleteAccepted(request.subscription(),
                group.spec().location(), group.deleteOperation()));
    }

    /** {@code POST .../stop}: kills the containers; the group stays, Stopped (a finished group is not changed). */
    Reply stop(ArmRequest request) {
        Optional<EmulatedGroup> group = find(request.resourceGroup(), request.path("group"), request.now());
        if (group.isEmpty()) {
            return notFound(request.resourceGroup(), request.path("group"));
        }
        group.get().stop(request.now());
        return Reply.empty(204);
    }

    static Reply notFound(String resourceGroup, String groupName) {
        return ArmErrors.reply(404, ArmErrors.resourceNotFound(RESOURCE_TYPE, groupName, resourceGroup));
    }

    // ---------------------------------------------------------------- for deployments and logs

    Optional<EmulatedGroup> find(String resourceGroup, String name, Instant now) {
        purge(now);
        return Optional.ofNullable(groups.get(key(resourceGroup, name)));
    }

    /** The quota error ACI would refuse this new group with; empty when it fits. */
    Optional<ObjectNode> quotaRefusal(String resourceGroup, GroupSpec spec, Instant now) {
        purge(now);
        return quotas.refusal(resourceGroup, spec, groups.values(), now);
    }

    /** The script groups of this name follow (set before they are created). */
    ContainerScript scriptFor(String groupName) {
        return scripts.getOrDefault(groupName, defaultScript);
    }

    /** Creates a group (in sandbox mode its processes start now); call {@link #quotaRefusal} first. */
    EmulatedGroup create(String subscription, String resourceGroup, GroupSpec spec, String deploymentName,
                         Instant now) {
        GroupRuntime runtime = sandbox ? SandboxRuntime.start(clock, spec, now)
                : new ScriptedRuntime(scriptFor(spec.name()), now);
        EmulatedGroup group = new EmulatedGroup(subscription, resourceGroup, spec, deploymentName, runtime);
        groups.put(key(resourceGroup, spec.name()), group);
        created.incrementAndGet();
        quotas.recordCreate(spec.location(), now);
        return group;
    }

    // ---------------------------------------------------------------- for tests (through ArmEmulator)

    void script(String groupName, ContainerScript script) {
        scripts.put(groupName, script);
    }

    void defaultScript(ContainerScript script) {
        this.defaultScript = script;
    }

    /** Every group that exists now, in every resource group (the regional quotas count them all). */
    java.util.Collection<EmulatedGroup> all() {
        return groups.values();
    }

    List<GroupSnapshot> snapshots(Instant now) {
        purge(now);
        return groups.values().stream().map(g -> {
            GroupView view = g.view(now);
            return new GroupSnapshot(g.resourceGroup, g.name, g.tags(), view.provisioningState(),
                    Optional.of(view.instanceState()), g.deploymentName());
        }).toList();
    }

    long created() {
        return created.get();
    }

    /** Removes a group without a request (someone else deleted it); its processes are killed. */
    boolean removeQuietly(String resourceGroup, String name) {
        EmulatedGroup removed = groups.remove(key(resourceGroup, name));
        if (removed != null) {
            removed.kill();
        }
        return removed != null;
    }

    void killAll() {
        groups.values().forEach(EmulatedGroup::kill);
    }

    /** Forgets groups whose delete has finished. */
    private void purge(Instant now) {
        groups.values().removeIf(g -> g.isDeleted(now));
    }

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
