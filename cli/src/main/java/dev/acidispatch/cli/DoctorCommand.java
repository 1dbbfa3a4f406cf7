package dev.acidispatch.cli;

import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.acidispatch.cli.doctor.ArmReader;
import dev.acidispatch.cli.doctor.CheckResult;
import dev.acidispatch.cli.doctor.DoctorCheck;
import dev.acidispatch.cli.doctor.DoctorChecks;
import dev.acidispatch.cli.doctor.DoctorContext;
import dev.acidispatch.cli.doctor.ImageReference;
import dev.acidispatch.config.InvalidSettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Checks a dispatcher before its first job and prints one ✔/✘ line per check, with the command that fixes each
 * failure: the settings this machine runs the app with, storage, the ARM credential, the identity's permissions in
 * each allowed resource group, ACI quota headroom, the templates, optionally an image's registry, and the Function
 * App (HTTPS-only, function keys). Reads only; exits 0 when every check passes, 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a dispatcher before its first job: one line per check (✔ passed, ✘ failed, with the"
                + " command that fixes it). Reads only: storage, ARM as DefaultAzureCredential (your Azure CLI login on"
                + " a workstation), the registry.",
                "With --emulator: a local setup (dispatchctl up's exports, or DISPATCH_ARM_ENDPOINT at `dispatchctl"
                        + " emulator`); --app is then optional.",
                "Exit codes: 0 every check passed, 1 a check failed, 2 bad options."})
final class DoctorCommand extends CliCommand implements Callable<Integer> {
    @Option(names = "--emulator", description = "ARM is the ARM/ACI emulator at DISPATCH_ARM_ENDPOINT (no token).")
    boolean emulator;

    @Option(names = "--app", paramLabel = "NAME", description = "Function App name (the template's appName).")
    String appName;

    @Option(names = "--resource-group", paramLabel = "RG", description = "Resource group of the Function App.")
    String resourceGroup;

    @Option(names = "--subscription", paramLabel = "ID",
            description = "Subscription id (default: DISPATCH_SUBSCRIPTION_ID; `az account show --query id -o tsv`).")
    String subscription;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Also check that this image's registry serves it, e.g. myregistry.azurecr.io/etl:1.4.")
    String image;

    @Override
    public Integer call() {
        if ((appName == null) != (resourceGroup == null)) {
            throw new Dispatchctl.UsageException((appName == null ? "--app" : "--resource-group") + ": missing; --app"
                    + " and --resource-group name the Function App together");
        }
        if (appName == null && !emulator) {
            throw new Dispatchctl.UsageException("--app and --resource-group: required to check a deployment in Azure"
                    + " (or pass --emulator to check a local setup)");
        }
        if (image != null) {
            try {
                ImageReference.parse(image);
            } catch (IllegalArgumentException e) {
                throw new Dispatchctl.UsageException(e.getMessage());
            }
        }
        DoctorContext context = new DoctorContext(environment(), emulator, Optional.ofNullable(subscription),
                Optional.ofNullable(appName).map(a -> new DoctorContext.AppName(a, resourceGroup)),
                Optional.ofNullable(image), () -> new DefaultAzureCredentialBuilder().build());

        out().println("dispatchctl doctor: " + (emulator ? "local setup against the ARM/ACI emulator" : "Azure")
                + (appName == null ? "" : ", Function App " + appName + " in resource group " + resourceGroup));
        List<DoctorCheck> checks = DoctorChecks.ALL.stream().filter(c -> c.appliesTo(context)).toList();
        int failed = 0;
        for (DoctorCheck check : checks) {
            CheckResult result = runSafely(check, context);
            out().println((result.passed() ? "✔ " : "✘ ") + check.title() + ": " + result.detail());
            if (!result.passed()) {
                failed++;
                out().println("  fix: " + result.fix());
            }
            out().flush();
        }
        out().println(failed == 0 ? "All " + checks.size() + " checks passed."
                : failed + " of " + checks.size() + " checks failed.");
        out().flush();
        return failed == 0 ? Dispatchctl.OK : Dispatchctl.FAILURE;
    }

    /** A check that could not read what it needs fails, saying why and how to get access. */
    private static CheckResult runSafely(DoctorCheck check, DoctorContext context) {
        try {
            return check.run(context);
        } catch (InvalidSettingsException e) {
            return CheckResult.fail("not checked: " + String.join("; ", e.problems()), "fix the settings (see the"
                    + " first check)");
        } catch (ArmReader.ArmReadException e) {
            if (e.status() == 401 || e.status() == 403) {
                return CheckResult.fail("ARM refused the read (" + e.getMessage() + ")", context.emulator()
                        ? "give the emulator's identity read access there"
                        : "az role assignment create --assignee $(az ad signed-in-user show --query id -o tsv) --role"
                        + " Reader --scope /subscriptions/" + context.subscriptionId()
                        + (context.hasApp() ? "/resourceGroups/" + context.app().orElseThrow().resourceGroup() : ""));
            }
            return CheckResult.fail("ARM did not answer the read (" + e.getMessage() + ")", "retry in a minute");
        } catch (RuntimeException e) {
            // DefaultAzureCredential found no login, or the network failed; the message names the cause.
            return CheckResult.fail("could not check (" + e.getClass().getSimpleName() + ": " + firstLine(e) + ")",
                    context.emulator() ? "is the emulator running? bin/dispatchctl up (or bin/dispatchctl emulator)"
                            : "az login, then run doctor again");
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
