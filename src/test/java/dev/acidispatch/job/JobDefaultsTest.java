package dev.acidispatch.job;

import dev.acidispatch.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobDefaultsTest {
    @Test
    void fromSettingsCopiesEveryDefaultAndBound() {
        Settings settings = Settings.from(Map.of(
                Settings.Names.DEFAULT_CPU, "0.5", Settings.Names.DEFAULT_MEMORY_GB, "1", Settings.Names.MAX_CPU, "2",
                Settings.Names.MAX_MEMORY_GB, "8", Settings.Names.DEFAULT_LOCATION, "eastus",
                Settings.Names.DEFAULT_RESOURCE_GROUP, "rg-a", Settings.Names.ALLOWED_RESOURCE_GROUPS, "rg-b, rg-c",
                Settings.Names.DEFAULT_START_TIMEOUT_SECONDS, "120", Settings.Names.DEFAULT_TIMEOUT_SECONDS, "900",
                Settings.Names.MAX_TIMEOUT_SECONDS, "3600"));
        assertEquals(new JobDefaults(0.5, 1.0, 2.0, 8.0, "eastus", "rg-a", Set.of("rg-a", "rg-b", "rg-c"),
                Duration.ofSeconds(120), Duration.ofSeconds(900), Duration.ofHours(1)), JobDefaults.from(settings));
    }

    /** JobsApi and deferred re-enqueues write the defaults into an explicit message, which is validated again. */
    @ParameterizedTest
    @CsvSource({"0.1,0.1", "0.25,0.5", "1.75,1.5", "4,16"})
    void defaultsThatSettingsAcceptSurviveTheExplicitMessageRoundTrip(String cpu, String memoryGb) {
        Settings settings = Settings.from(Map.of(Settings.Names.DEFAULT_CPU, cpu,
                Settings.Names.DEFAULT_MEMORY_GB, memoryGb));
        JobValidator validator = new JobValidator(JobDefaults.from(settings), Set.of("default"));
        ResolvedJob job = validator.resolve("{\"image\":\"busybox\"}");
        assertEquals(Double.parseDouble(cpu), job.cpu());
        assertEquals(job, validator.resolve(JobJson.write(job.toMessage())));
    }

    @Test
    void inconsistentDefaultsNameTheField() {
        IllegalArgumentException cpu = assertThrows(IllegalArgumentException.class, () -> new JobDefaults(8, 1, 4, 16,
                "westeurope", "rg", Set.of("rg"), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1)));
        assertTrue(cpu.getMessage().contains("defaultCpu"), cpu.getMessage());
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> new JobDefaults(1, 1, 4, 16,
                "westeurope", "rg", Set.of("other"), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1)));
        assertTrue(group.getMessage().contains("allowedResourceGroups"), group.getMessage());
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class, () -> new JobDefaults(1, 1, 4, 16,
                "westeurope", "rg", Set.of("rg"), Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofHours(1)));
        assertTrue(timeout.getMessage().contains("defaultTimeout"), timeout.getMessage());
    }
}
