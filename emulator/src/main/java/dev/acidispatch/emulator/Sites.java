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

    /** Puts a Linux Function App in place (replacing one of the same name). */
    void putFunctionApp(String resourceGroup, String name, boolean httpsOnly) {
        ObjectNode site = JsonNodeFactory.instance.objectNode();
        site.put("name", name).put("type", RESOURCE_TYPE).put("kind", "functionapp,linux").put("location", location);
        ObjectNode properties = site.putObject("properties");
        properties.put("state", "Running").put("defaultHostName", name.toLowerCase(Locale.ROOT) + ".azurewebsites.net")
                .put("httpsOnly", httpsOnly).put("resourceGroup", resourceGroup);
        properties.putObject("siteConfig").put("minTlsVersion", "1.2").put("http20Enabled", true);
        sites.put(key(resourceGroup, name), site);
    }

    private static String key(String resourceGroup, String name) {
        return resourceGroup.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
