package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * {@code GET /subscriptions/{s}/providers/Microsoft.ContainerInstance/locations/{location}/usages}: the region's usage
 * and limits, as ACI's "Location - List Usage" answers ({@code {"value": [{"id", "unit", "currentValue", "limit",
 * "name": {"value", "localizedValue"}}]}}, containerInstance.json 2023-05-01, definitions Usage and UsageListResult;
 * the spec's example ContainerGroupUsage.json names the {@code ContainerGroups} entry, and ACI's quota errors name
 * {@code StandardCores}, MicrosoftDocs/azure-docs#51738). Each region reports what the {@link QuotaLedger} counts there:
 * the groups that exist in it and the cores of those that still use them, under the same limits the ledger enforces.
 */
final class Usages {
    private final ContainerGroups groups;
    private final QuotaLedger quotas;

    Usages(ContainerGroups groups, QuotaLedger quotas) {
        this.groups = groups;
        this.quotas = quotas;
    }

    Reply list(ArmRequest request) {
        String location = request.path("location");
        QuotaLedger.Usage usage = quotas.usage(location, groups.all(), request.now());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode value = body.putArray("value");
        String base = "/subscriptions/" + request.subscription() + "/providers/Microsoft.ContainerInstance/locations/"
                + location.toLowerCase(Locale.ROOT) + "/usages/";
        add(value, base, "ContainerGroups", "Container Groups", usage.groups(), usage.maxGroups());
        add(value, base, "StandardCores", "Standard Cores", (long) Math.ceil(usage.cores()), (long) usage.maxCores());
        return Reply.json(200, body);
    }

    private static void add(ArrayNode value, String base, String name, String localized, long current, long limit) {
        ObjectNode entry = value.addObject();
        entry.put("id", base + name).put("unit", "Count").put("currentValue", current).put("limit", limit);
        entry.putObject("name").put("value", name).put("localizedValue", localized);
    }
}
