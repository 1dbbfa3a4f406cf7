package dev.acidispatch.emulator;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which resource groups and referenced resources (user-assigned identities, subnets) exist. ARM refuses a request
 * into a resource group that does not exist ({@code ResourceGroupNotFound}), and a deployment that references a
 * missing resource fails. By default everything exists; tests declare the world they want.
 */
final class ExistingResources {
    private final Set<String> resourceGroups;
    private final Set<String> resources;

    /** @param resourceGroups names, or null for "any"; @param resources ids, or null for "any" */
    ExistingResources(Collection<String> resourceGroups, Collection<String> resources) {
        this.resourceGroups = resourceGroups == null ? null : lower(resourceGroups);
        this.resources = resources == null ? null : lower(resources);
    }

    boolean resourceGroupExists(String name) {
        return resourceGroups == null || resourceGroups.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether a referenced resource exists (its resource group must exist too). */
    boolean exists(String resourceId) {
        String rg = resourceGroupOf(resourceId);
        if (rg != null && !resourceGroupExists(rg)) {
            return false;
        }
        return resources == null || resources.contains(resourceId.replaceAll("/+$", "").toLowerCase(Locale.ROOT));
    }

    /** The resource group named in a resource id, or null. */
    static String resourceGroupOf(String resourceId) {
        String[] parts = resourceId.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups")) {
                return parts[i + 1];
            }
        }
        return null;
    }

    private static Set<String> lower(Collection<String> values) {
        return values.stream().map(v -> v.replaceAll("/+$", "").toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
