package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.util.Optional;

/**
 * ACI has room in the default region for at least one more job of the default size, and the admission limits stay
 * within the quotas (otherwise jobs would meet ACI's quota errors instead of waiting in the app's own queue). Read
 * with ACI's "Location - List Usage" ({@code GET /subscriptions/{s}/providers/Microsoft.ContainerInstance/locations/
 * {location}/usages}, api-version 2023-05-01): entries {@code ContainerGroups} and {@code StandardCores}, each with
 * {@code currentValue} and {@code limit}.
 */
public final class QuotaCheck implements DoctorCheck {
    public static final String API_VERSION = "2023-05-01";

    @Override
    public String title() {
        return "ACI has quota headroom in the default region";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Settings settings = context.settings();
        String location = settings.defaultLocation();
        JsonNode usages;
        try {
            usages = context.arm().get("/subscriptions/" + context.subscriptionId()
                    + "/providers/Microsoft.ContainerInstance/locations/" + location + "/usages", API_VERSION)
                    .orElseThrow(() -> new IllegalStateException("ARM knows no usages for ACI in '" + location + "'"));
        } catch (ArmReader.ArmReadException e) {
            if (e.status() != 403) {
                throw e;
            }
            // The usage API is at subscription scope, which the app's role on its resource group does not cover.
            return CheckResult.fail("the identity may not read ACI's usage API (" + e.getMessage() + "), so admission"
                    + " cannot see the region's real quota and keeps the configured limits", "grant it"
                    + " Microsoft.ContainerInstance/locations/usages/read on /subscriptions/" + context.subscriptionId()
                    + " (infra/README.md, \"The jobs resource group\", has the role and the command)");
        }
        Optional<JsonNode> groups = entry(usages, "ContainerGroups");
        Optional<JsonNode> cores = entry(usages, "StandardCores");
        if (groups.isEmpty() || cores.isEmpty()) {
            return CheckResult.fail("ACI reports no ContainerGroups or StandardCores usage in '" + location + "': it may"
                    + " not be offered there", "set " + Settings.Names.DEFAULT_LOCATION + " to a region with Azure"
                    + " Container Instances (az provider show -n Microsoft.ContainerInstance --query"
                    + " \"resourceTypes[?resourceType=='containerGroups'].locations\")");
        }
        long groupsUsed = groups.get().path("currentValue").asLong();
        long groupsLimit = groups.get().path("limit").asLong();
        long coresUsed = cores.get().path("currentValue").asLong();
        long coresLimit = cores.get().path("limit").asLong();
        String numbers = location + ": container groups " + groupsUsed + " of " + groupsLimit + ", standard cores "
                + coresUsed + " of " + coresLimit;
        String increase = "request more in the portal: Help + support, Service and subscription limits (quotas),"
                + " Container Instances, " + location + " (docs/operations.md, \"ACI quotas and limits\")";
        if (groupsLimit - groupsUsed < 1 || coresLimit - coresUsed < settings.defaultCpu()) {
            return CheckResult.fail(numbers + ": no room for a job of " + number(settings.defaultCpu()) + " cores, so"
                    + " every job would wait", "delete container groups you no longer need in " + location
                    + " (az container list), or " + increase);
        }
        if (settings.maxActiveJobs() > groupsLimit || settings.maxActiveCores() > coresLimit) {
            return CheckResult.fail(numbers + ", but admission allows " + settings.maxActiveJobs() + " jobs and "
                    + settings.maxActiveCores() + " cores at once, so ACI would refuse jobs the app admits",
                    "set " + Settings.Names.MAX_ACTIVE_JOBS + "=" + Math.min(settings.maxActiveJobs(), groupsLimit)
                            + " and " + Settings.Names.MAX_ACTIVE_CORES + "=" + Math.min(settings.maxActiveCores(),
                            coresLimit) + ", or " + increase);
        }
        return CheckResult.pass(numbers + "; admission allows " + settings.maxActiveJobs() + " jobs and "
                + settings.maxActiveCores() + " cores");
    }

    private static Optional<JsonNode> entry(JsonNode usages, String name) {
        for (JsonNode usage : usages.path("value")) {
            if (name.equalsIgnoreCase(usage.path("name").path("value").asText())) {
                return Optional.of(usage);
            }
        }
        return Optional.empty();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
