package dev.acidispatch.cli;

import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dispatchctl doctor} against the ARM emulator's read-only Function Apps. */
class DoctorCommandTest {
    private static final String RG = "aci-dispatch-rg";
    private static final String APP = "aci-dispatch-app";

    private final ArmEmulator emulator = ArmEmulator.builder().start();
    private final Map<String, String> env = Map.of(
            Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString(),
            Settings.Names.SUBSCRIPTION_ID, emulator.subscriptionId());

    @AfterEach
    void close() {
        emulator.close();
    }

    private CliResult doctor() {
        return CliResult.run(env, "", "doctor", "--app", APP, "--resource-group", RG);
    }

    @Test
    void anHttpsOnlyAppPassesAndExitsZero() {
        emulator.functionApp(RG, APP, true);

        CliResult r = doctor();

        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("✔ The Function App is HTTPS-only"), r.out());
        assertTrue(r.out().contains("All 1 checks passed."), r.out());
        assertFalse(r.out().contains("fix:"), r.out());
    }

    @Test
    void anAppTheDeployLeftOnPlainHttpFailsLoudlyWithTheOneCommandThatFixesIt() {
        emulator.functionApp(RG, APP, false); // what azure-functions:deploy leaves on Flex Consumption

        CliResult r = doctor();

        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("✘ The Function App is HTTPS-only: httpsOnly is false"), r.out());
        String fix = "az rest --method patch --url \"https://management.azure.com/subscriptions/" + emulator.subscriptionId()
                + "/resourceGroups/" + RG + "/providers/Microsoft.Web/sites/" + APP
                + "?api-version=2024-04-01\" --body '{\"properties\":{\"httpsOnly\":true}}'";
        assertTrue(r.out().contains("  fix: " + fix), r.out());
        assertTrue(r.out().contains("1 of 1 checks failed."), r.out());

        emulator.functionApp(RG, APP, true); // after running the fix
        assertEquals(0, doctor().exitCode());
    }

    @Test
    void doctorOnlyReads() {
        emulator.functionApp(RG, APP, false);

        doctor();

        assertEquals(1, emulator.requestLog().count(Route.SITE_GET));
        assertEquals(emulator.requestLog().entries().size(), emulator.requestLog().count(Route.SITE_GET),
                "nothing but the site GET: " + emulator.requestLog().entries());
    }

    @Test
    void aMissingAppIsReportedWithWhereItWasLookedFor() {
        CliResult r = doctor();

        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("✘ The Function App is HTTPS-only: no Function App '" + APP + "' in resource group '"
                + RG + "'"), r.out());
        assertTrue(r.out().contains("fix: az deployment group create --resource-group " + RG), r.out());
    }

    @Test
    void missingOptionsAreAUsageError() {
        CliResult r = CliResult.run(env, "", "doctor", "--app", APP);

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--resource-group"), r.err());
    }
}
