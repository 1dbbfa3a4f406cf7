package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * Who the container group is and how it pulls its image: the private {@code registry} (a managed identity or a
 * username and password, never both) and the user-assigned {@code identities} it runs as. The registry password is
 * never shown in errors, only its length.
 */
final class RegistryAndIdentityRules implements FieldRules {
    static final List<String> REGISTRY_FIELDS = List.of("server", "identity", "username", "password");
    static final String IDENTITY_ID_SHAPE =
            "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>";

    private static final Pattern REGISTRY_SERVER = Pattern.compile(JobLimits.REGISTRY_SERVER_PATTERN);
    private static final Pattern IDENTITY_ID = Pattern.compile(JobLimits.IDENTITY_ID_PATTERN);

    private final SecretChecks secrets;

    RegistryAndIdentityRules(SecretChecks secrets) {
        this.secrets = secrets;
    }

    @Override
    public List<String> fields() {
        return List.of("registry", "identities");
    }

    @Override
    public void check(MessageFields message) {
        message.object("registry").ifPresent(registry -> registry(message, registry));
        ResourceIdLists.check(message, "identities", IDENTITY_ID, JobLimits.MAX_IDENTITIES, IDENTITY_ID_SHAPE);
    }

    private void registry(MessageFields message, ObjectNode registry) {
        message.unknownFields(registry, "$.registry", REGISTRY_FIELDS);
        String shapes = "use either {server, identity} (managed identity with AcrPull) or {server, username, password}";
        JsonNode server = registry.get("server");
        if (server == null) {
            message.error("$.registry.server",
                    "required; the registry host name without scheme, e.g. myregistry.azurecr.io");
        } else if (!server.isTextual()) {
            message.error("$.registry.server",
                    "must be a host name string such as myregistry.azurecr.io, got " + kind(server));
        } else if (server.asText().length() > JobLimits.MAX_REGISTRY_SERVER_LENGTH
                || !REGISTRY_SERVER.matcher(server.asText()).matches()) {
            message.error("$.registry.server", quote(server.asText()) + " is not a host name; give the registry host "
                    + "(optionally :port) without scheme or path, e.g. myregistry.azurecr.io");
        }
        boolean identity = registry.has("identity");
        boolean username = registry.has("username");
        boolean password = registry.has("password");
        if (identity && (username || password)) {
            message.error("$.registry", "mixes identity with username/password; " + shapes + ", not both");
        } else if (!identity && !username && !password) {
            message.error("$.registry", "has no credentials; " + shapes);
        } else if (username && !password) {
            message.error("$.registry.password", "required with username; " + shapes);
        } else if (password && !username) {
            message.error("$.registry.username", "required with password; " + shapes);
        }
        if (identity) {
            JsonNode id = registry.get("identity");
            if (!id.isTextual() || !IDENTITY_ID.matcher(id.asText()).matches()
                    || id.asText().length() > JobLimits.MAX_RESOURCE_ID_LENGTH) {
                message.error("$.registry.identity", (id.isTextual() ? quote(id.asText()) : kind(id))
                        + " is not a user-assigned identity resource id; expected /subscriptions/<id>/resourceGroups/"
                        + "<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>");
            }
        }
        if (username) {
            JsonNode user = registry.get("username");
            if (!user.isTextual() || user.asText().isEmpty()
                    || user.asText().length() > JobLimits.MAX_REGISTRY_USERNAME_LENGTH) {
                message.error("$.registry.username", "must be a non-empty string of at most "
                        + JobLimits.MAX_REGISTRY_USERNAME_LENGTH + " characters"
                        + (user.isTextual() ? "" : ", got " + kind(user)));
            }
        }
        if (password) {
            // Never echo the value: only its type and length. A Key Vault reference is checked like every secret.
            secrets.check(message, registry.get("password"), "$.registry.password",
                    JobLimits.MAX_REGISTRY_PASSWORD_LENGTH, false);
        }
    }
}
