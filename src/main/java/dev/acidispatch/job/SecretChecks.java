package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.config.Settings;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * Checks one secret of a message ({@code secureEnv} values, the registry password, a storage account key, a secret
 * volume file): a non-empty string within its bound, or a Key Vault reference
 * {@code {"keyVaultSecret": {"vaultId", "name", "version"?}}} to a vault on the {@code DISPATCH_ALLOWED_KEY_VAULTS}
 * allow-list. A secret value is never shown in an error, only its type and length; a reference names no secret and
 * is shown.
 */
final class SecretChecks {
    static final List<String> REFERENCE_FIELDS = List.of(SecretValue.KEY_VAULT_SECRET);
    static final List<String> KEY_VAULT_SECRET_FIELDS = List.of("vaultId", "name", "version");
    private static final Pattern VAULT_ID = Pattern.compile(JobLimits.KEY_VAULT_ID_PATTERN);
    private static final Pattern SECRET_NAME = Pattern.compile(JobLimits.KEY_VAULT_SECRET_NAME_PATTERN);
    private static final Pattern SECRET_VERSION = Pattern.compile(JobLimits.KEY_VAULT_SECRET_VERSION_PATTERN);
    private static final String SHAPE = "a string, or {\"keyVaultSecret\": {\"vaultId\": \"/subscriptions/<id>/"
            + "resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>\", \"name\": \"<secret>\"}}";

    private final JobDefaults defaults;

    SecretChecks(JobDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * @param allowEmpty whether an empty string is a valid value (environment values may be empty)
     * @return whether the value is valid
     */
    boolean check(MessageFields message, JsonNode value, String path, int maxLength, boolean allowEmpty) {
        if (value == null || value.isNull()) {
            message.error(path, "must not be null; give the secret as " + SHAPE);
            return false;
        }
        if (value.isTextual()) {
            int length = value.asText().length();
            if (length == 0 && !allowEmpty) {
                message.error(path, "is empty; must be a non-empty secret, or a Key Vault reference: " + SHAPE);
                return false;
            }
            if (length > maxLength) {
                // Never echo the value: only its length.
                message.error(path, "the value is " + length + " characters; at most " + maxLength
                        + " are allowed (or keep it in Key Vault and reference it: " + SHAPE + ")");
                return false;
            }
            return true;
        }
        if (!value.isObject()) {
            message.error(path, "must be " + SHAPE + ", got " + kind(value)
                    + (value.isNumber() || value.isBoolean() ? "; write numbers and booleans in quotes" : ""));
            return false;
        }
        return reference(message, (ObjectNode) value, path);
    }

    private boolean reference(MessageFields message, ObjectNode value, String path) {
        int before = message.errors().count();
        message.unknownFields(value, path, REFERENCE_FIELDS);
        JsonNode ref = value.get(SecretValue.KEY_VAULT_SECRET);
        String refPath = JsonPaths.child(path, SecretValue.KEY_VAULT_SECRET);
        if (ref == null) {
            message.error(refPath, "required in a secret given as an object; the secret is " + SHAPE);
            return false;
        }
        if (!ref.isObject()) {
            message.error(refPath, "must be a JSON object {\"vaultId\", \"name\", \"version\"?}, got " + kind(ref));
            return false;
        }
        message.unknownFields((ObjectNode) ref, refPath, KEY_VAULT_SECRET_FIELDS);
        JsonNode vaultId = ref.get("vaultId");
        String vaultPath = JsonPaths.child(refPath, "vaultId");
        if (vaultId == null || !vaultId.isTextual() || !VAULT_ID.matcher(vaultId.asText()).matches()) {
            message.error(vaultPath, (vaultId == null ? "required" : (vaultId.isTextual() ? quote(vaultId.asText())
                    : kind(vaultId)) + " is not a Key Vault resource id") + "; expected /subscriptions/<id>/"
                    + "resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>");
        } else if (defaults.allowedKeyVault(vaultId.asText()).isEmpty()) {
            message.error(vaultPath, quote(vaultId.asText()) + " is not an allowed Key Vault; "
                    + (defaults.allowedKeyVaults().isEmpty() ? "none is allowed yet"
                    : "expected one of " + String.join(", ", new TreeSet<>(defaults.allowedKeyVaults())))
                    + " (the allow-list is the " + Settings.Names.ALLOWED_KEY_VAULTS + " setting; the vault also "
                    + "needs enabledForTemplateDeployment)");
        }
        JsonNode name = ref.get("name");
        if (name == null || !name.isTextual() || !SECRET_NAME.matcher(name.asText()).matches()) {
            message.error(JsonPaths.child(refPath, "name"), (name == null ? "required"
                    : (name.isTextual() ? quote(name.asText()) : kind(name)) + " is not a Key Vault secret name")
                    + "; Key Vault secret names are 1-127 letters, digits and hyphens, e.g. \"db-password\"");
        }
        JsonNode version = ref.get("version");
        if (version != null && (!version.isTextual() || !SECRET_VERSION.matcher(version.asText()).matches())) {
            message.error(JsonPaths.child(refPath, "version"), (version.isTextual() ? quote(version.asText())
                    : kind(version)) + " is not a Key Vault secret version; give the 32 hex digits of a version, "
                    + "or leave version out to use the current one");
        }
        return message.errors().count() == before;
    }
}
