package dev.acidispatch.cli.doctor;

import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;

/**
 * The app's settings parse: every variable the app reads ({@link Settings#VARIABLES}) has a valid value, from the
 * environment or local.settings.json, exactly as the app reads them at start.
 */
public final class SettingsCheck implements DoctorCheck {
    @Override
    public String title() {
        return "The settings parse";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Settings settings;
        try {
            settings = context.settings();
        } catch (InvalidSettingsException e) {
            return CheckResult.fail(String.join("; ", e.problems()), "set each variable named above as it says, in the"
                    + " environment, local.settings.json or the Function App's app settings");
        }
        String storage = settings.storageConnectionString().isPresent() ? Settings.Names.STORAGE + " (connection string)"
                : settings.storageAccountName().isPresent() ? Settings.Names.STORAGE_ACCOUNT_NAME + " (managed identity)"
                : null;
        if (storage == null) {
            return CheckResult.fail("neither " + Settings.Names.STORAGE + " nor " + Settings.Names.STORAGE_ACCOUNT_NAME
                    + " is set, so the app has no storage", "set " + Settings.Names.STORAGE
                    + " (UseDevelopmentStorage=true for Azurite) or " + Settings.Names.STORAGE_ACCOUNT_NAME);
        }
        if (!context.emulator() && settings.subscriptionId().isEmpty()) {
            return CheckResult.fail(Settings.Names.SUBSCRIPTION_ID + " is not set, so the app cannot call ARM",
                    "set " + Settings.Names.SUBSCRIPTION_ID + "=$(az account show --query id -o tsv)");
        }
        if (context.emulator() && settings.armEndpoint().isEmpty()) {
            return CheckResult.fail("--emulator, but " + Settings.Names.ARM_ENDPOINT + " is not set",
                    "paste the export lines `bin/dispatchctl up` prints (or set " + Settings.Names.ARM_ENDPOINT
                            + " to the endpoint `bin/dispatchctl emulator` prints)");
        }
        return CheckResult.pass("storage from " + storage + ", ARM at " + settings.armEndpoint()
                .map(Object::toString).orElse("https://management.azure.com") + ", jobs in "
                + String.join(", ", settings.allowedResourceGroups()) + " (" + settings.defaultLocation() + ")");
    }
}
