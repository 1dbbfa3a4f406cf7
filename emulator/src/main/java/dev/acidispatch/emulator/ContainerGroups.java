package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code Microsoft.ContainerInstance/containerGroups} resource: the groups that exist, the REST operations on
 * them (get, list by resource group, delete, stop) and creation on behalf of a deployment, gated by the regional
 * quotas. Names are case-insensitive, as in ARM.
 *
 * <p>Not thread-safe: the emulator calls it under its state lock (scripts excepted, which tests may set at any
 * time).
 */
final class ContainerGroups {
    static final String RESOURCE_TYPE = "Microsoft.ContainerInstance/containerGroups";

    private final Clock clock;
    private final boolean sandbox;
    private final QuotaLedger quotas;
    private final Map<String, EmulatedGroup> groups = new LinkedHashMap<>();
    private final Map<String, ContainerScript> scripts = new ConcurrentHashMap<>();
    private volatile ContainerScript defaultScript;
    private final AtomicLong created = new AtomicLong();

    ContainerGroups(Clock clock, boolean sandbox, QuotaLedger quotas, ContainerScript defaultScript,
                    Map<String, ContainerScript> scripts) {
        this.clock = clock;
        this.sandbox = sandbox;
        this.quotas = quotas;
        this.defaultScript = Objects.requireNonNull(defaultScript, "defaultScript");
        this.scripts.putAll(scripts);
    }

    // ---------------------------------------------------------------- REST operations

    /** {@code GET .../containerGroups/{group}}: the group with its instance view. */
    Reply get(ArmRequest request) {
        return find(request.resourceGroup(), request.path("group"))
                .map(group -> Reply.json(200, group.toJson(request.now(), true)))
                .orElseGet(() -> notFound(request.resourceGroup(), request.path("group")));
    }

    /** {@code GET .../containerGroups}: the resource group's groups, without instance views. */
    Reply list(ArmRequest request) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        ArrayNode value = list.putArray("value");
        groups.values().stream().filter(g -> g.resourceGroup.equalsIgnoreCase(request.resourceGroup()))
                .forEach(g -> value.add(g.toJson(request.now(), false)));
        return Reply.json(200, list);
    }

    /** {@code DELETE}: 200 with the deleted group, or 204 when there was none. */
    Reply delete(ArmRequest request) {
        EmulatedGroup group = groups.remove(key(request.resourceGroup(), request.path("group")));
        if (group == null) {
            return Reply.empty(204);
        }
        ObjectNode body = group.toJson(request.now(), true);
        group.kill();
        return Reply.json(200, body);
    }

    /** {@code POST .../stop}: kills the containers; the group stays, Stopped. */
    Reply stop(ArmRequest request) {
        Optional<EmulatedGroup> group = find(request.resourceGroup(), request.path("group"));
        if (group.isEmpty()) {
            return notFound(request.resourceGroup(), request.path("group"));
        }
        group.get().stop(request.now());
        return Reply.empty(204);
    }

    static Reply notFound(String resourceGroup, String groupName) {
        return Reply.error(404, "ResourceNotFound", "The Resource '" + RESOURCE_TYPE + "/" + groupName
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }

    // ---------------------------------------------------------------- for deployments and logs

    Optional<EmulatedGroup> find(String resourceGroup, String name) {
        return Optional.ofNullable(groups.get(key(resourceGroup, name)));
    }

    /** The quota error ACI would refuse this new group with; empty when it fits. */
    Optional<ObjectNode> quotaRefusal(String resourceGroup, GroupSpec spec, Instant now) {
        return quotas.refusal(resourceGroup, spec, groups.values(), now);
    }

    /** Creates a group (in sandbox mode its processes start now); call {@link #quotaRefusal} first. */
    EmulatedGroup create(String subscription, String resourceGroup, GroupSpec spec, String deploymentName,
                         Instant now) {
        GroupRuntime runtime = sandbox ? SandboxRuntime.start(clock, spec, now)
                : new ScriptedRuntime(scripts.getOrDefault(spec.name(), defaultScript), now);
        EmulatedGroup group = new EmulatedGroup(subscription, resourceGroup, spec, deploymentName, runtime);
        groups.put(key(resourceGroup, spec.name()), group);
        created.incrementAndGet();
        quotas.recordCreate(now);
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
        return groups.values().stream().map(g -> {
            GroupView view = g.view(now);
            return new GroupSnapshot(g.resourceGroup, g.name, g.spec().tags(), view.provisioningState(),
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

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
