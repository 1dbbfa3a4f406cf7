package dev.acidispatch.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * A role granted at a scope (a subscription, resource group or resource id); it covers that scope and everything
 * under it, as Azure RBAC assignments are inherited by child scopes.
 */
public record RoleAssignment(RoleDefinition role, String scope) {
    public RoleAssignment {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(scope, "scope");
        if (!scope.startsWith("/")) {
            throw new IllegalArgumentException("The value for scope must be a resource id starting with '/', was '"
                    + scope + "'");
        }
        scope = scope.replaceAll("/+$", "");
    }

    /** Whether {@code resourceId} is this scope or lies under it (compared case-insensitively, by whole segments). */
    public boolean covers(String resourceId) {
        String target = resourceId.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        String own = scope.toLowerCase(Locale.ROOT);
        return own.isEmpty() || target.equals(own) || target.startsWith(own + "/");
    }
}
