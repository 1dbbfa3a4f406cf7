package dev.acidispatch.job;

import dev.acidispatch.config.Settings;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.quote;

/** Where the container group is created: the Azure {@code location} and a {@code resourceGroup} on the allow-list. */
final class PlacementRules implements FieldRules {
    private static final Pattern LOCATION = Pattern.compile(JobLimits.LOCATION_PATTERN);

    private final JobDefaults defaults;

    PlacementRules(JobDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public List<String> fields() {
        return List.of("location", "resourceGroup");
    }

    @Override
    public void check(MessageFields message) {
        message.text("location").ifPresent(location -> location(message, location));
        message.text("resourceGroup").ifPresent(group -> resourceGroup(message, group));
    }

    /** Resource group names are case-insensitive in Azure; the allow-list's spelling wins. */
    static Optional<String> canonicalResourceGroup(JobDefaults defaults, String requested) {
        return defaults.allowedResourceGroups().stream().filter(g -> g.equalsIgnoreCase(requested)).findFirst();
    }

    private static void location(MessageFields message, String location) {
        if (!LOCATION.matcher(location).matches()) {
            message.error("$.location", quote(location) + " is not an Azure region name; use the lowercase name "
                    + "without spaces as ARM spells it, e.g. westeurope or eastus2");
        }
    }

    private void resourceGroup(MessageFields message, String group) {
        if (canonicalResourceGroup(defaults, group).isEmpty()) {
            message.error("$.resourceGroup", quote(group) + " is not allowed; expected one of "
                    + String.join(", ", new TreeSet<>(defaults.allowedResourceGroups()))
                    + " (the allow-list is the " + Settings.Names.ALLOWED_RESOURCE_GROUPS + " setting)");
        }
    }
}
