package dev.acidispatch.cli.doctor;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.AzureEnvironment;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The credential obtains a token for Azure Resource Manager (DefaultAzureCredential: the managed identity in Azure,
 * environment variables, or the Azure CLI login on a workstation). The token is never printed. The emulator checks no
 * token, so with {@code --emulator} there is none to get.
 */
public final class ArmCredentialCheck implements DoctorCheck {
    @Override
    public String title() {
        return "The credential obtains an ARM token";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        if (context.emulator()) {
            return CheckResult.pass("not needed: the emulator at " + context.armEndpoint().map(Object::toString)
                    .orElse("?") + " takes no token");
        }
        String scope = AzureEnvironment.AZURE.getManagementEndpoint().replaceAll("/+$", "") + "/.default";
        AccessToken token;
        try {
            token = context.credential().orElseThrow()
                    .getTokenSync(new TokenRequestContext().addScopes(scope));
        } catch (RuntimeException e) {
            return CheckResult.fail("no token for " + scope + " (" + StorageCheck.rootCause(e) + ")",
                    "az login (or set AZURE_CLIENT_ID, AZURE_TENANT_ID and a secret or federated token for a service"
                            + " principal)");
        }
        if (token == null || token.getToken() == null || token.getToken().isBlank()) {
            return CheckResult.fail("the credential answered without a token for " + scope, "az login");
        }
        OffsetDateTime expires = token.getExpiresAt();
        return CheckResult.pass("token for " + scope + (expires == null ? "" : " valid until "
                + expires.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
    }
}
