package dev.acidispatch.emulator;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets a deployment's Key Vault parameter references resolve to in the emulator: vault resource id (compared
 * ignoring case, as ARM ids are) and secret name, optionally a version. A reference without a version reads the
 * latest secret set without one. Thread-safe: tests may add secrets while deployments run.
 */
final class FakeKeyVault implements TemplateEvaluator.KeyVaultResolver {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    void put(String vaultId, String secretName, String version, String value) {
        Objects.requireNonNull(value, "value");
        secrets.put(key(requireText(vaultId, "vaultId"), requireText(secretName, "secretName"), version), value);
    }

    @Override
    public Optional<String> secret(String vaultId, String secretName, String version) {
        return Optional.ofNullable(secrets.get(key(vaultId, secretName, version)));
    }

    private static String key(String vaultId, String secretName, String version) {
        return vaultId.toLowerCase(Locale.ROOT) + "|" + secretName.toLowerCase(Locale.ROOT) + "|"
                + (version == null ? "" : version.toLowerCase(Locale.ROOT));
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + field + " must not be blank");
        }
        return value;
    }
}
