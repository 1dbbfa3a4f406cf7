package dev.acidispatch.job;

import java.util.List;

/**
 * The job container's environment: plain {@code env} and secret {@code secureEnv} variables, a name in at most one of
 * them. Secret values are never shown in errors, only their length; a secret may be a Key Vault reference.
 */
final class EnvironmentRules implements FieldRules {
    private final EnvironmentChecks checks;

    EnvironmentRules(EnvironmentChecks checks) {
        this.checks = checks;
    }

    @Override
    public List<String> fields() {
        return List.of("env", "secureEnv");
    }

    @Override
    public void check(MessageFields message) {
        checks.check(message, message.get("env"), "$.env", message.get("secureEnv"), "$.secureEnv");
    }
}
