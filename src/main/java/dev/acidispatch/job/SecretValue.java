package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret in a job message: the value itself (a JSON string), or a reference to a Key Vault secret
 * ({@code {"keyVaultSecret": {"vaultId", "name", "version"?}}}) that ARM resolves at deployment time. Either way it
 * reaches ARM as its own top-level {@code secureString} deployment parameter (see {@code template/}). {@link #toString()}
 * never shows a value.
 */
@JsonDeserialize(using = SecretValue.Reader.class)
public final class SecretValue {
    /** The one field of the reference form. */
    public static final String KEY_VAULT_SECRET = "keyVaultSecret";

    private final String value;
    private final KeyVaultSecretReference reference;

    private SecretValue(String value, KeyVaultSecretReference reference) {
        if ((value == null) == (reference == null)) {
            throw new IllegalArgumentException("A secret is either a value or a Key Vault reference");
        }
        this.value = value;
        this.reference = reference;
    }

    public static SecretValue of(String value) {
        return new SecretValue(Objects.requireNonNull(value, "value"), null);
    }

    public static SecretValue fromKeyVault(KeyVaultSecretReference reference) {
        return new SecretValue(null, Objects.requireNonNull(reference, "reference"));
    }

    /** Binds the wire form; the validator has checked it already ({@link SecretRules}). */
    static final class Reader extends JsonDeserializer<SecretValue> {
        @Override
        public SecretValue deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node.isTextual()) {
                return of(node.asText());
            }
            JsonNode ref = node.get(KEY_VAULT_SECRET);
            if (node.size() != 1 || ref == null || !ref.isObject()) {
                return context.reportInputMismatch(SecretValue.class, "a secret is a string or {\"%s\": {...}}",
                        KEY_VAULT_SECRET);
            }
            return fromKeyVault(new KeyVaultSecretReference(ref.path("vaultId").asText(), ref.path("name").asText(),
                    ref.hasNonNull("version") ? ref.get("version").asText() : null));
        }
    }

    /** The wire form: the string, or {@code {"keyVaultSecret": {...}}}. */
    @JsonValue
    Object toJson() {
        return value != null ? value : Map.of(KEY_VAULT_SECRET, reference);
    }

    public boolean isKeyVaultReference() {
        return reference != null;
    }

    /** The secret itself; empty for a Key Vault reference (the dispatcher never sees that value). */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    public Optional<KeyVaultSecretReference> keyVaultSecret() {
        return Optional.ofNullable(reference);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && Objects.equals(value, other.value)
                && Objects.equals(reference, other.reference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, reference);
    }

    /** Never the value: {@code ***} or the reference (which names, but is not, a secret). */
    @Override
    public String toString() {
        return value != null ? "***" : "keyVaultSecret" + reference;
    }
}
