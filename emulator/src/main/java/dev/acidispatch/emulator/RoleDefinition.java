package dev.acidispatch.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Azure RBAC role's control-plane permissions: {@code actions} it grants minus {@code notActions}, each an
 * operation name where {@code *} matches any characters ("Microsoft.ContainerInstance/containerGroups/*"). Matching is
 * case-insensitive, as operation names are in ARM (Azure custom roles, "Actions" and "NotActions").
 */
public record RoleDefinition(String roleName, List<String> actions, List<String> notActions) {
    public RoleDefinition {
        Objects.requireNonNull(roleName, "roleName");
        actions = List.copyOf(actions);
        notActions = notActions == null ? List.of() : List.copyOf(notActions);
        for (String pattern : actions) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("The value for actions must not contain blank entries");
            }
        }
    }

    /** A role that may do anything (what an Owner has on the control plane). */
    public static RoleDefinition everything() {
        return new RoleDefinition("Owner", List.of("*"), List.of());
    }

    /** Whether {@code action} is granted: some action pattern matches it and no notAction pattern does. */
    public boolean permits(String action) {
        Objects.requireNonNull(action, "action");
        return actions.stream().anyMatch(p -> matches(p, action)) && notActions.stream().noneMatch(p -> matches(p, action));
    }

    static boolean matches(String pattern, String action) {
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
