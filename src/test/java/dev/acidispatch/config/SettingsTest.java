package dev.acidispatch.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
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
        assertTrue(e.getMessage().contains("DISPATCH_DEFAULT_CPU: 99.0 is out of range"), e.getMessage());
    }

    @Test
    void subscriptionIsRequiredOnlyWhenArmIsCalled() {
        Settings s = Settings.from(Map.of());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, s::requireSubscriptionId);
        assertTrue(e.getMessage().contains(Settings.Names.SUBSCRIPTION_ID));
    }

    @Test
    void pollMaximumMayNotBeBelowTheMinimum() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Settings.from(Map.of(
                Settings.Names.POLL_MIN_SECONDS, "30", Settings.Names.POLL_MAX_SECONDS, "10")));
        assertTrue(e.getMessage().contains("DISPATCH_POLL_MAX_SECONDS"), e.getMessage());
    }
}
