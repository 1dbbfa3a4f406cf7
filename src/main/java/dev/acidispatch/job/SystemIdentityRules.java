package dev.acidispatch.job;

import java.util.List;

/**
 * {@code systemAssignedIdentity}: whether the group gets its own system-assigned managed identity, next to the
 * user-assigned {@code identities} (identity type {@code SystemAssigned} or {@code SystemAssigned, UserAssigned}).
 */
final class SystemIdentityRules implements FieldRules {

    @Override
    public List<String> fields() {
        return List.of("systemAssignedIdentity");
    }

    @Override
    public void check(MessageFields message) {
        message.bool(message.root(), "systemAssignedIdentity", "$.systemAssignedIdentity");
    }
}
