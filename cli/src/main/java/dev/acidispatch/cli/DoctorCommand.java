package dev.acidispatch.cli;

import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.cli.doctor.ArmReader;
import dev.acidispatch.cli.doctor.CheckResult;
import dev.acidispatch.cli.doctor.Deployment;
import dev.acidispatch.cli.doctor.DoctorCheck;
import dev.acidispatch.cli.doctor.DoctorChecks;
import dev.acidispatch.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Checks a deployed dispatcher and prints one ✔/✘ line per check, with the command that fixes each failure. Reads
 * only (ARM GETs as the signed-in user); exits 0 when every check passes, 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a deployed dispatcher: one line per check (✔ passed, ✘ failed, with the command that"
                + " fixes it). Reads only, as your Azure CLI login (DefaultAzureCredential).",
                "Exit codes: 0 every check passed, 1 a check failed, 2 bad options."})
final class DoctorCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--app", required = true, paramLabel = "NAME", description = "Function App name (the template's appName).")
    String appName;

    @Option(names = "--resource-group", required = true, paramLabel = "RG", description = "Resource group of the Function App.")
    String resourceGroup;

    @Option(names = "--subscription", paramLabel = "ID",
            description = "Subscription id (default: DISPATCH_SUBSCRIPTION_ID; `az account show --query id -o tsv`).")
    String subscription;

    @Override
    public Integer call() {
        Settings settings = settings();
        String subscriptionId = Optional.ofNullable(subscription).filter(s -> !s.isBlank())
                .or(settings::subscriptionId)
                .or(() -> settings.armEndpoint().map(e -> AzureContainerGroups.EMULATOR_SUBSCRIPTION_ID))
                .orElseThrow(() -> new Dispatchctl.UsageException("--subscription: not given and "
                        + Settings.Names.SUBSCRIPTION_ID + " is not set; pass --subscription $(az account show --query id -o tsv)"));
        Optional<URI> emulator = settings.armEndpoint();
        ArmConnection connection = emulator.isPresent()
                ? ArmConnection.unauthenticated(subscriptionId, emulator.get())
                : ArmConnection.publicCloud(subscriptionId, new DefaultAzureCredentialBuilder().build());
        Deployment deployment = new Deployment(subscriptionId, resourceGroup, appName, ArmReader.connect(connection));

        out().println("dispatchctl doctor: Function App " + appName + " in resource group " + resourceGroup
                + " (subscription " + subscriptionId + ")");
        int failed = 0;
        for (DoctorCheck check : DoctorChecks.ALL) {
            CheckResult result = runSafely(check, deployment);
            out().println((result.passed() ? "✔ " : "✘ ") + check.title() + ": " + result.detail());
            if (!result.passed()) {
                failed++;
                out().println("  fix: " + result.fix());
            }
        }
        out().println(failed == 0 ? "All " + DoctorChecks.ALL.size() + " checks passed."
                : failed + " of " + DoctorChecks.ALL.size() + " checks failed.");
        out().flush();
        return failed == 0 ? Dispatchctl.OK : Dispatchctl.FAILURE;
    }

    /** A check that could not read what it needs fails, saying why and how to get access. */
    private static CheckResult runSafely(DoctorCheck check, Deployment deployment) {
        try {
            return check.run(deployment);
        } catch (ArmReader.ArmReadException e) {
            if (e.status() == 401 || e.status() == 403) {
                return CheckResult.fail("cannot read the Function App (" + e.getMessage() + ")",
                        "az role assignment create --assignee $(az ad signed-in-user show --query id -o tsv) --role Reader"
                                + " --scope /subscriptions/" + deployment.subscriptionId() + "/resourceGroups/"
                                + deployment.resourceGroup());
            }
            return CheckResult.fail("ARM did not answer the read (" + e.getMessage() + ")", "retry in a minute");
        } catch (RuntimeException e) {
            // DefaultAzureCredential found no login, or the network failed; the message names the cause.
            return CheckResult.fail("could not call Azure Resource Manager (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", "az login");
        }
    }
}
