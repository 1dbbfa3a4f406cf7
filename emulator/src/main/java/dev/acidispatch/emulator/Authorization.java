package dev.acidispatch.emulator;

import java.util.List;
import java.util.Objects;

/**
 * Who calls the emulator and what they may do: one principal and its role assignments. Each request is checked for
 * the ARM operation it performs at its scope, and a deployment for the resources it writes and links, the way ARM
 * answers {@code AuthorizationFailed} and {@code LinkedAuthorizationFailed} (see {@link ArmErrors}).
 * {@link #unrestricted()} (the default) allows everything.
 */
public final class Authorization {
    /** The principal the emulator reports in authorization errors unless one is given. */
    public static final String DEFAULT_PRINCIPAL_ID = "11111111-1111-1111-1111-111111111111";

    private final String principalId;
    private final List<RoleAssignment> assignments;

    private Authorization(String principalId, List<RoleAssignment> assignments) {
        this.principalId = principalId;
        this.assignments = List.copyOf(assignments);
    }

    /** Everything is allowed everywhere. */
    public static Authorization unrestricted() {
        return new Authorization(DEFAULT_PRINCIPAL_ID, List.of(new RoleAssignment(RoleDefinition.everything(), "/")));
    }

    /** The principal {@code principalId} holds exactly these assignments; anything they do not grant is refused. */
    public static Authorization of(String principalId, List<RoleAssignment> assignments) {
        if (principalId == null || principalId.isBlank()) {
            throw new IllegalArgumentException("The value for principalId must not be blank");
        }
        return new Authorization(principalId, Objects.requireNonNull(assignments, "assignments"));
    }

    public String principalId() {
        return principalId;
    }

    public List<RoleAssignment> assignments() {
        return assignments;
    }

    /** Whether some assignment covering {@code scope} grants {@code action}. */
    public boolean permits(String action, String scope) {
        return assignments.stream().anyMatch(a -> a.covers(scope) && a.role().permits(action));
    }

    /** The roles that apply at {@code scope} (assigned there or above), for {@code Microsoft.Authorization/permissions}. */
    public List<RoleDefinition> rolesAt(String scope) {
        return assignments.stream().filter(a -> a.covers(scope)).map(RoleAssignment::role).toList();
    }
}
