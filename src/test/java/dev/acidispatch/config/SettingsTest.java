package dev.acidispatch.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = Settings.from(Map.of());
        assertEquals("aci-dispatch-jobs", s.defaultResourceGroup());
        assertEquals(Set.of("aci-dispatch-jobs"), s.allowedResourceGroups());
        assertEquals(Settings.DEFAULT_CPU, s.defaultCpu());
        assertEquals(Duration.ofSeconds(600), s.defaultStartTimeout());
        assertEquals(Duration.ofSeconds(5), s.pollMin());
        assertEquals(100, s.createsPer5Min());
        assertTrue(s.armEndpoint().isEmpty());
        assertTrue(s.subscriptionId().isEmpty());
    }

    @Test
    void valuesAreReadTrimmedAndTheDefaultGroupIsAlwaysAllowed() {
        Settings s = Settings.from(Map.of(
                Settings.Names.DEFAULT_RESOURCE_GROUP, " jobs-rg ",
                Settings.Names.ALLOWED_RESOURCE_GROUPS, "a, b,,c",
                Settings.Names.ARM_ENDPOINT, "http://127.0.0.1:8089",
                Settings.Names.POLL_MIN_SECONDS, "2",
                Settings.Names.MAX_CPU, "2.5"));
        assertEquals("jobs-rg", s.defaultResourceGroup());
        assertEquals(Set.of("a", "b", "c", "jobs-rg"), s.allowedResourceGroups());
        assertEquals(URI.create("http://127.0.0.1:8089"), s.armEndpoint().orElseThrow());
        assertEquals(Duration.ofSeconds(2), s.pollMin());
        assertEquals(2.5, s.maxCpu());
    }

    @Test
    void allowedKeyVaultsAreResourceIdsInTheOrderGiven() {
        String vault = "/subscriptions/0000/resourceGroups/kv-rg/providers/Microsoft.KeyVault/vaults/jobs-kv";
        String lowerCase = "/subscriptions/0000/resourcegroups/kv-rg/providers/microsoft.keyvault/vaults/other-kv";
        assertEquals(List.of(vault, lowerCase), List.copyOf(Settings.from(Map.of(
                Settings.Names.ALLOWED_KEY_VAULTS, " " + vault + " ,, " + lowerCase)).allowedKeyVaults()));
        assertEquals(Set.of(), Settings.from(Map.of()).allowedKeyVaults(), "no vault unless the setting names one");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Settings.from(Map.of(
                Settings.Names.ALLOWED_KEY_VAULTS, vault + ",jobs-kv")));
        assertEquals(List.of("DISPATCH_ALLOWED_KEY_VAULTS: 'jobs-kv' is not a Key Vault resource id; expected a "
                + "comma-separated list of /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/"
                + "<name>"), e.problems());
    }

    @Test
    void blankCountsAsAbsent() {
        assertTrue(Settings.from(Map.of(Settings.Names.ARM_ENDPOINT, "  ")).armEndpoint().isEmpty());
    }

    @Test
    void everyBadValueIsReportedWithItsNameAndWhatWouldBeValid() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Settings.from(Map.of(
                Settings.Names.POLL_MIN_SECONDS, "soon",
                Settings.Names.MAX_ACTIVE_JOBS, "0",
                Settings.Names.ARM_ENDPOINT, "not a url",
                Settings.Names.DEFAULT_CPU, "99")));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("DISPATCH_POLL_MIN_SECONDS: 'soon' is not valid; expected a whole number"));
        assertTrue(e.getMessage().contains("DISPATCH_MAX_ACTIVE_JOBS: 0 is out of range"));
        assertTrue(e.getMessage().contains("DISPATCH_ARM_ENDPOINT"));
        assertTrue(e.getMessage().contains("DISPATCH_DEFAULT_CPU: 99 is above ACI's maximum"), e.getMessage());
    }

    private static InvalidSettingsException refused(String... namesAndValues) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            variables.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return assertThrows(InvalidSettingsException.class, () -> Settings.from(variables));
    }

    /** The only problem reported, so tests also prove that one bad value does not cascade into others. */
    private static String onlyProblem(InvalidSettingsException e) {
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0);
    }

    @Test
    void resourceSettingsAboveAcisPerGroupMaximumFailNamingSettingValueLimitAndSource() {
        assertEquals("DISPATCH_MAX_CPU: 32 is above ACI's maximum of 31 cores per container group (standard SKU, "
                        + "Linux; documented at " + Settings.ACI_LIMITS_SOURCE + "); set at most 31",
                onlyProblem(refused(Settings.Names.MAX_CPU, "32")));
        assertEquals("DISPATCH_MAX_MEMORY_GB: 241 is above ACI's maximum of 240 GB per container group (standard SKU, "
                        + "Linux; documented at " + Settings.ACI_LIMITS_SOURCE + "); set at most 240",
                onlyProblem(refused(Settings.Names.MAX_MEMORY_GB, "241")));
        // The default is not also blamed for exceeding a maximum that is itself invalid.
        assertTrue(onlyProblem(refused(Settings.Names.MAX_CPU, "64", Settings.Names.DEFAULT_CPU, "8"))
                .startsWith("DISPATCH_MAX_CPU: 64 is above ACI's maximum of 31 cores"));
        InvalidSettingsException defaults = refused(Settings.Names.MAX_CPU, "31", Settings.Names.MAX_MEMORY_GB, "240",
                Settings.Names.DEFAULT_CPU, "31.5", Settings.Names.DEFAULT_MEMORY_GB, "512");
        assertEquals(List.of(
                "DISPATCH_DEFAULT_CPU: 31.5 is above ACI's maximum of 31 cores per container group (standard SKU, "
                        + "Linux; documented at " + Settings.ACI_LIMITS_SOURCE + "); set at most 31",
                "DISPATCH_DEFAULT_MEMORY_GB: 512 is above ACI's maximum of 240 GB per container group (standard SKU, "
                        + "Linux; documented at " + Settings.ACI_LIMITS_SOURCE + "); set at most 240"),
                defaults.problems());
        assertTrue(Settings.ACI_LIMITS_SOURCE.startsWith("https://learn.microsoft.com/"), Settings.ACI_LIMITS_SOURCE);
    }

    @Test
    void acisMaximumItselfIsAccepted() {
        Settings s = Settings.from(Map.of(Settings.Names.MAX_CPU, "31", Settings.Names.MAX_MEMORY_GB, "240",
                Settings.Names.DEFAULT_CPU, "31", Settings.Names.DEFAULT_MEMORY_GB, "240"));
        assertEquals(31.0, s.maxCpu());
        assertEquals(240.0, s.maxMemoryGb());
        assertEquals(31.0, s.defaultCpu());
        assertEquals(240.0, s.defaultMemoryGb());
    }

    @Test
    void aDefaultAboveItsMaximumNamesBothSettings() {
        assertEquals("DISPATCH_DEFAULT_CPU: 8 is above DISPATCH_MAX_CPU (4, its default); set at most 4 or raise "
                + "DISPATCH_MAX_CPU", onlyProblem(refused(Settings.Names.DEFAULT_CPU, "8")));
        assertEquals("DISPATCH_DEFAULT_MEMORY_GB: 12 is above DISPATCH_MAX_MEMORY_GB (8); set at most 8 or raise "
                + "DISPATCH_MAX_MEMORY_GB", onlyProblem(refused(Settings.Names.MAX_MEMORY_GB, "8",
                Settings.Names.DEFAULT_MEMORY_GB, "12")));
        assertEquals("DISPATCH_DEFAULT_TIMEOUT_SECONDS: 700000 is above DISPATCH_MAX_TIMEOUT_SECONDS (604800, its "
                + "default); set at most 604800 or raise DISPATCH_MAX_TIMEOUT_SECONDS",
                onlyProblem(refused(Settings.Names.DEFAULT_TIMEOUT_SECONDS, "700000")));
        assertTrue(onlyProblem(refused(Settings.Names.MAX_TIMEOUT_SECONDS, "3600",
                Settings.Names.DEFAULT_START_TIMEOUT_SECONDS, "7200")).startsWith(
                "DISPATCH_DEFAULT_START_TIMEOUT_SECONDS: 7200 is above DISPATCH_MAX_TIMEOUT_SECONDS (3600);"));
    }

    @Test
    void defaultsMustUseTheStepsJobMessagesUse() {
        assertEquals("DISPATCH_DEFAULT_MEMORY_GB: 1.55 is not a multiple of 0.1 GB, the step job messages use; e.g. 1.5",
                onlyProblem(refused(Settings.Names.DEFAULT_MEMORY_GB, "1.55")));
        assertTrue(onlyProblem(refused(Settings.Names.DEFAULT_CPU, "0.125"))
                .startsWith("DISPATCH_DEFAULT_CPU: 0.125 is not a multiple of 0.01 cores"));
        assertEquals(0.25, Settings.from(Map.of(Settings.Names.DEFAULT_CPU, "0.25")).defaultCpu());
    }

    @Test
    void numbersMustBeFinite() {
        for (String value : List.of("NaN", "Infinity", "-Infinity", "4 cores")) {
            assertTrue(onlyProblem(refused(Settings.Names.MAX_CPU, value))
                    .startsWith("DISPATCH_MAX_CPU: '" + value + "' is not valid; expected a number from 0.1 to 31"), value);
        }
        assertTrue(onlyProblem(refused(Settings.Names.MAX_CPU, "0.05"))
                .startsWith("DISPATCH_MAX_CPU: 0.05 is out of range; expected a number from 0.1 to 31"));
    }

    @Test
    void subscriptionIsRequiredOnlyWhenArmIsCalled() {
        Settings s = Settings.from(Map.of());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, s::requireSubscriptionId);
        assertTrue(e.getMessage().contains(Settings.Names.SUBSCRIPTION_ID));
    }

    @Test
    void pollMaximumMayNotBeBelowTheMinimum() {
        assertEquals("DISPATCH_POLL_MAX_SECONDS: 10 is below DISPATCH_POLL_MIN_SECONDS (30); set at least 30 or lower "
                + "DISPATCH_POLL_MIN_SECONDS", onlyProblem(refused(Settings.Names.POLL_MIN_SECONDS, "30",
                Settings.Names.POLL_MAX_SECONDS, "10")));
    }
}
