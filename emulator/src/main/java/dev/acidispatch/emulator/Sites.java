package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code Microsoft.Web/sites}, read-only: Function Apps a test puts in place, answered to {@code GET} in the shape of
 * the REST spec's WebApps_Get example (specification/web/resource-manager/Microsoft.Web/stable/2024-04-01/examples/
 * GetWebApp.json): id, name, type, kind, location, and the properties a deployment check reads (httpsOnly, state,
 * defaultHostName, siteConfig.minTlsVersion). Writes are not emulated: the app under test never changes a site.
 *
 * <p>Not thread-safe: the emulator calls it under its state lock.
 */
final class Sites {
    static final String RESOURCE_TYPE = "Microsoft.Web/sites";

    private final String location;
    private final Map<String, ObjectNode> sites = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> functionKeys = new LinkedHashMap<>();

    Sites(String location) {
        this.location = location;
    }

    /** {@code GET .../providers/Microsoft.Web/sites/{site}}. Names are case-insensitive, as in ARM. */
    Reply get(ArmRequest request) {
        ObjectNode site = sites.get(key(request.resourceGroup(), request.path("site")));
        if (site == null) {
            return Reply.error(404, "ResourceNotFound", "The Resource '" + RESOURCE_TYPE + "/" + request.path("site")
                    + "' under resource group '" + request.resourceGroup() + "' was not found.");
        }
        ObjectNode body = site.deepCopy();
        body.put("id", "/subscriptions/" + request.subscription() + "/resourceGroups/" + request.resourceGroup()
                + "/providers/" + RESOURCE_TYPE + "/" + site.path("name").asText());
        return Reply.json(200, body);
    }

    /**
     * {@code POST .../sites/{site}/host/default/listkeys}: the host's keys, as "Web Apps - List Host Keys"
     * (Microsoft.Web 2024-04-01) answers: {@code masterKey}, {@code functionKeys} (name to value) and
     * {@code systemKeys}. The values are made up per site; a check reads which keys exist, never their values.
     */
    Reply listKeys(ArmRequest request) {
        String key = key(request.resourceGroup(), request.path("site"));
        if (!sites.containsKey(key)) {
            return Reply.error(404, "ResourceNotFound", "The Resource '" + RESOURCE_TYPE + "/" + request.path("site")
                    + "' under resource group '" + request.resourceGroup() + "' was not found.");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("masterKey", "emulated-master-" + Integer.toHexString(key.hashCode()));
        ObjectNode keys = body.putObject("functionKeys");
        functionKeys.getOrDefault(key, Map.of()).forEach(keys::put);
        body.putObject("systemKeys");
        return Reply.json(200, body);
    }

    /** The function keys {@link #listKeys} reports for a site (name to value). */
    void putFunctionKeys(String resourceGroup, String name, Map<String, String> keys) {
        functionKeys.put(key(resourceGroup, name), new LinkedHashMap<>(keys));
    }

    /** Puts a Linux Function App in place (replacing one of the same name), with the host's default function key. */
    void putFunctionApp(String resourceGroup, String name, boolean httpsOnly) {
        ObjectNode site = JsonNodeFactory.instance.objectNode();
        site.put("name", name).put("type", RESOURCE_TYPE).put("kind", "functionapp,linux").put("location", location);
        ObjectNode properties = site.putObject("properties");
        properties.put("state", "Running").put("defaultHostName", name.toLowerCase(Locale.ROOT) + ".azurewebsites.net")
                .put("httpsOnly", httpsOnly).put("resourceGroup", resourceGroup);
        properties.putObject("siteConfig").put("minTlsVersion", "1.2").put("http20Enabled", true);
        sites.put(key(resourceGroup, name), site);
        functionKeys.put(key(resourceGroup, name), new LinkedHashMap<>(Map.of("default",
                "emulated-" + Integer.toHexString(name.hashCode()))));
    }

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
