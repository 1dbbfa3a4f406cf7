package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * The deployed dispatcher the checks look at: where its Function App is, and read-only access to ARM. Resources are
 * read once per run and shared between checks.
 */
public final class Deployment {
    /** The Microsoft.Web API version the template deploys with (infra/main.json). */
    public static final String WEB_API_VERSION = "2024-04-01";

    private final String subscriptionId;
    private final String resourceGroup;
    private final String appName;
    private final ArmReader arm;
    private Optional<JsonNode> site;
    private Optional<JsonNode> hostKeys;

    public Deployment(String subscriptionId, String resourceGroup, String appName, ArmReader arm) {
        this.subscriptionId = requireText(subscriptionId, "subscriptionId");
        this.resourceGroup = requireText(resourceGroup, "resourceGroup");
        this.appName = requireText(appName, "appName");
        this.arm = Objects.requireNonNull(arm, "arm");
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String resourceGroup() {
        return resourceGroup;
    }

    public String appName() {
        return appName;
    }

    /** The Function App's ARM resource id. */
    public String siteId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Web/sites/"
                + appName;
    }

    /**
     * The Function App as ARM returns it (Sites - Get), empty when it does not exist.
     *
     * @throws ArmReader.ArmReadException when ARM refuses or fails (the check reports it)
     */
    public synchronized Optional<JsonNode> site() {
        if (site == null) {
            site = arm.get(siteId(), WEB_API_VERSION);
        }
        return site;
    }

    /**
     * The Function App's host keys as ARM lists them ({@code POST .../host/default/listkeys}), empty when the app does
     * not exist. Callers read key names only.
     *
     * @throws ArmReader.ArmReadException when ARM refuses or fails (the check reports it)
     */
    public synchronized Optional<JsonNode> hostKeys() {
        if (hostKeys == null) {
            hostKeys = arm.postAction(siteId() + "/host/default/listkeys", WEB_API_VERSION);
        }
        return hostKeys;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + name + " must not be blank");
        }
        return value;
    }
}
