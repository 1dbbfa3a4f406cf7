package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.RoleAssignment;
import dev.acidispatch.emulator.RoleDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * The custom role infra/main.json gives the app's identity on the jobs resource group ("aci-dispatch job operator"),
 * read from the template itself, for tests that run the emulator with exactly the permissions the app has in Azure.
 */
public final class InfraRole {
    /** The object id the emulator reports for the app's identity in authorization errors. */
    public static final String APP_PRINCIPAL_ID = "a5c1d15b-0000-4000-8000-00000000a1b2";

    private InfraRole() {
    }

    /** The role as defined in infra/main.json: its actions and notActions. */
    public static RoleDefinition jobOperator() {
        JsonNode template = TemplateRules.read("infra/main.json");
        List<TemplateRules.Located> roles = TemplateRules.allResources(template).stream()
                .filter(r -> r.type().equals(TemplateRules.ROLE_DEFINITIONS)).toList();
        if (roles.size() != 1) {
            throw new IllegalStateException("infra/main.json should define one custom role, defines " + roles.size());
        }
        JsonNode permissions = roles.get(0).resource().path("properties").path("permissions").get(0);
        return new RoleDefinition("aci-dispatch job operator", texts(permissions.path("actions")),
                texts(permissions.path("notActions")));
    }

    /** The app's identity holding the job operator role on {@code jobsResourceGroup} only, as infra/main.json assigns it. */
    public static Authorization onJobsResourceGroup(String subscriptionId, String jobsResourceGroup) {
        return Authorization.of(APP_PRINCIPAL_ID, List.of(new RoleAssignment(jobOperator(),
                "/subscriptions/" + subscriptionId + "/resourceGroups/" + jobsResourceGroup)));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
