package dev.acidispatch.store;

import java.util.regex.Pattern;

/**
 * ACI's rule for container names, enforced before a name becomes part of a blob name, so a name from a request (the
 * logs route's {@code container}) cannot reach another blob: "between 1 and 63 characters long. It can contain only
 * lowercase letters numbers, and dashes. Dashes can't begin or end the name" (Monitoring data reference for Container
 * Instances, MicrosoftDocs/azure-docs monitor-azure-container-instances-reference, containerName dimension).
 */
public final class ContainerNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ContainerNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns {@code name} if valid; otherwise throws an {@link IllegalArgumentException} naming {@code container}. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("container: " + (name == null ? "missing" : "'"
                    + (name.length() > 70 ? name.substring(0, 70) + "…" : name).replaceAll("\\p{Cntrl}", "?")
                    + "' is not a container name") + "; expected 1 to 63 lowercase letters, digits or inner hyphens");
        }
        return name;
    }
}
