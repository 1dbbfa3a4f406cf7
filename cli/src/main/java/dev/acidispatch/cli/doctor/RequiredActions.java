package dev.acidispatch.cli.doctor;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ARM operations the app performs in a jobs resource group: what the custom role in infra/main.json ("aci-dispatch
 * job operator") grants, spelled out as the concrete actions the code calls, so a permission check can name the one
 * that is missing. A test keeps this list and the role in agreement.
 */
public final class RequiredActions {
    /** Every job needs these: deploy, watch, read logs, stop, delete the group and its deployment record. */
    public static final List<String> ALWAYS = List.of(
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/read",
            "Microsoft.Resources/deployments/write",
            "Microsoft.Resources/deployments/delete",
            "Microsoft.Resources/deployments/operationstatuses/read",
            "Microsoft.ContainerInstance/containerGroups/read",
            "Microsoft.ContainerInstance/containerGroups/write",
            "Microsoft.ContainerInstance/containerGroups/delete",
            "Microsoft.ContainerInstance/containerGroups/stop/action",
            "Microsoft.ContainerInstance/containerGroups/containers/logs/read");

    /**
     * Jobs that attach a user-assigned identity, join a subnet or reference a Key Vault secret need these on the
     * identity, subnet or vault; the role grants them in the jobs resource group.
     */
    public static final List<String> FOR_SOME_JOBS = List.of(
            "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            "Microsoft.KeyVault/vaults/deploy/action");

    private RequiredActions() {
    }

    public static List<String> all() {
        return java.util.stream.Stream.concat(ALWAYS.stream(), FOR_SOME_JOBS.stream()).toList();
    }

    /**
     * Whether an Azure RBAC action pattern matches an action: {@code *} stands for any characters ("Understand Azure
     * role definitions", learn.microsoft.com/azure/role-based-access-control/role-definitions, Actions: wildcard
     * permissions). Names compare ignoring case: ARM spells the same operation in different cases (infra/main.json's
     * {@code deployments/operationstatuses/read} polls {@code .../operationStatuses/...}).
     */
    public static boolean matches(String pattern, String action) {
        String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return action.toLowerCase(Locale.ROOT).matches(regex.toString());
    }
}
