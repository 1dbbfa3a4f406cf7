package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * A secret kept in Azure Key Vault, named instead of sent: {@code {"vaultId", "name", "version"?}}. The dispatcher
 * turns it into an ARM deployment-parameter Key Vault reference on the secret's own {@code secureString} parameter
 * ({@code "reference": {"keyVault": {"id"}, "secretName", "secretVersion"}}, "Use Azure Key Vault to pass secure
 * parameter value during deployment", learn.microsoft.com/azure/azure-resource-manager/templates/key-vault-parameter),
 * so ARM reads the value at deployment time and it never passes through the queue, the job record or the dispatcher.
 *
 * @param vaultId the vault's resource id; must be in {@code DISPATCH_ALLOWED_KEY_VAULTS}
 * @param name    the secret's name in the vault
 * @param version a specific version, or null for the current one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"vaultId", "name", "version"})
public record KeyVaultSecretReference(String vaultId, String name, String version) {
    public KeyVaultSecretReference {
        Objects.requireNonNull(vaultId, "vaultId");
        Objects.requireNonNull(name, "name");
    }
}
