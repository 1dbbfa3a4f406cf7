package dev.acidispatch.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The Function App answers over HTTPS only ({@code properties.httpsOnly}), as infra/main.json deploys it. The check
 * exists because the deploy command turns it off on Flex Consumption: azure-functions-maven-plugin 1.37.0
 * (azure-toolkit-appservice-lib 0.52.0) always finds the Flex app's settings "modified" (it adds
 * FUNCTIONS_WORKER_RUNTIME, which a Flex app never has), so every deploy PATCHes the site, and the body it sends
 * sets {@code httpsOnly} to false (FunctionAppDraft.updateResourceInAzure and
 * updateSiteConfigurations; infra/README.md, "HTTPS-only after a deploy"). The fix is the same PATCH with
 * {@code httpsOnly: true} (Sites - Update, Microsoft.Web 2024-04-01).
 */
public final class HttpsOnlyCheck implements DoctorCheck {
    @Override
    public String title() {
        return "The Function App is HTTPS-only";
    }

    @Override
    public boolean appliesTo(DoctorContext context) {
        return context.hasApp();
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Deployment deployment = context.app().orElseThrow();
        Optional<JsonNode> site = deployment.site();
        if (site.isEmpty()) {
            return CheckResult.fail("no Function App '" + deployment.appName() + "' in resource group '"
                    + deployment.resourceGroup() + "' of subscription " + deployment.subscriptionId()
                    + "; check --app and --resource-group, or deploy the infrastructure (docs/deploy.md, step 3)",
                    "az deployment group create --resource-group " + deployment.resourceGroup()
                            + " --template-file infra/main.json --parameters appName=" + deployment.appName()
                            + " jobsResourceGroupName=<jobs resource group>");
        }
        JsonNode httpsOnly = site.get().path("properties").path("httpsOnly");
        if (httpsOnly.isBoolean() && httpsOnly.asBoolean()) {
            return CheckResult.pass("httpsOnly is true: plain http requests are redirected to https");
        }
        return CheckResult.fail("httpsOnly is " + (httpsOnly.isMissingNode() ? "not set" : httpsOnly.asText())
                + ", so the HTTP API (function keys included) also answers over plain http. The Functions Maven plugin"
                + " turns it off on every deploy to a Flex Consumption app.", fixCommand(deployment));
    }

    /** The PATCH that sets httpsOnly back, as one Azure CLI command. */
    static String fixCommand(Deployment deployment) {
        return "az rest --method patch --url \"https://management.azure.com" + deployment.siteId() + "?api-version="
                + Deployment.WEB_API_VERSION + "\" --body '{\"properties\":{\"httpsOnly\":true}}'";
    }
}
