package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity may do, in every allowed resource group, what the app does there ({@link RequiredActions}). Read with
 * ARM's "Permissions - List For Resource Group" ({@code GET .../resourceGroups/{rg}/providers/Microsoft.Authorization/
 * permissions}, api-version 2022-04-01), which answers the caller's effective permissions there: one entry per role
 * that applies, each {@code actions} minus its own {@code notActions}; an action is allowed when one entry allows it
 * ("Understand Azure role definitions": NotActions subtract from that role's Actions, and another role can still grant
 * the operation). The caller is the identity this check runs as: the app's own identity when run where the app runs
 * (or as the service principal it uses), otherwise the signed-in user.
 */
public final class PermissionsCheck implements DoctorCheck {
    public static final String API_VERSION = "2022-04-01";

    @Override
    public String title() {
        return "The identity may run jobs in each allowed resource group";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (String resourceGroup : context.settings().allowedResourceGroups()) {
            String scope = "/subscriptions/" + context.subscriptionId() + "/resourceGroups/" + resourceGroup;
            Optional<JsonNode> permissions = context.arm().get(scope + "/providers/Microsoft.Authorization/permissions",
                    API_VERSION);
            if (permissions.isEmpty()) {
                problems.add("resource group '" + resourceGroup + "' does not exist in subscription "
                        + context.subscriptionId());
                fixes.add("az group create --name " + resourceGroup + " --location " + context.settings().defaultLocation());
                continue;
            }
            List<String> missing = RequiredActions.all().stream()
                    .filter(action -> !allowed(permissions.get(), action)).toList();
            if (missing.isEmpty()) {
                fine.add(resourceGroup);
            } else {
                problems.add("in '" + resourceGroup + "' the identity may not perform " + String.join(", ", missing));
                fixes.add(context.emulator()
                        ? "give the emulator's identity a role with these actions at " + scope
                        + " (ArmEmulator.builder().authorization(...); infra/main.json's job operator role has them)"
                        : "az deployment group create --resource-group <app resource group> --template-file "
                        + "infra/main.json --parameters jobsResourceGroupName=" + resourceGroup
                        + " (grants the app's identity the job operator role there), or for another identity: az role"
                        + " assignment create --assignee <principal id> --scope " + scope + " --role \"<a role with "
                        + String.join(", ", missing) + ">\"");
            }
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(String.join("; ", problems), String.join("; ", fixes));
        }
        return CheckResult.pass(RequiredActions.all().size() + " actions allowed in " + String.join(", ", fine));
    }

    /** Whether some entry of the permissions list grants {@code action} and does not take it back itself. */
    static boolean allowed(JsonNode permissions, String action) {
        for (JsonNode entry : permissions.path("value")) {
            boolean granted = false;
            for (JsonNode pattern : entry.path("actions")) {
                granted |= RequiredActions.matches(pattern.asText(), action);
            }
            for (JsonNode pattern : entry.path("notActions")) {
                granted &= !RequiredActions.matches(pattern.asText(), action);
            }
            if (granted) {
                return true;
            }
        }
        return false;
    }
}
