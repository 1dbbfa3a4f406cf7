package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule classes together: every field has one home, and errors come in one stable order. */
class MessageRulesTest {
    private final JobValidator validator = TestJobs.validator();

    @Test
    void everyTopLevelFieldIsOwnedByExactlyOneRulesClass() {
        List<String> owned = new ArrayList<>();
        for (FieldRules rules : validator.rules().rules()) {
            owned.addAll(rules.fields());
        }
        Set<String> once = new HashSet<>();
        for (String field : owned) {
            assertTrue(once.add(field), field + " is owned by two rules classes");
        }
        Set<String> expected = new HashSet<>(JobValidator.FIELDS);
        expected.addAll(JobLimits.RETIRED_FIELDS);
        assertEquals(expected, once, "fields without rules, or rules for fields the contract does not have");
    }

    @Test
    void errorsComeWithFieldNamesFirstThenInTheContractsFieldOrder() {
        // One bad value per field, written in reverse contract order so the report order cannot come from the input.
        String json = "{\"variables\":{\"[x\":1},\"template\":\"nope\",\"keepContainerGroup\":\"yes\","
                + "\"timeoutSeconds\":1,\"startTimeoutSeconds\":1,\"resourceGroup\":\"other-rg\","
                + "\"location\":\"West Europe\",\"priority\":\"Low\",\"tags\":{\"[t\":\"v\"},"
                + "\"dnsServers\":[\"not-an-ip\"],\"subnetIds\":[\"x\"],\"identities\":[\"x\"],\"registry\":{},"
                + "\"secureEnv\":{\"1S\":\"s\"},\"env\":{\"1E\":\"v\"},\"memoryGb\":0,\"cpu\":0,\"command\":[],"
                + "\"image\":\"UPPER\",\"jobId\":\"Bad!\",\"gpu\":1,\"imag\":\"x\"}";

        List<String> paths = assertThrows(InvalidJobException.class, () -> validator.resolve(json)).errors().stream()
                .map(FieldError::path).toList();

        assertEquals(List.of("$.imag", "$.gpu", "$.jobId", "$.image", "$.command", "$.cpu", "$.memoryGb",
                "$.env['1E']", "$.secureEnv['1S']", "$.registry.server", "$.registry", "$.identities[0]",
                "$.subnetIds[0]", "$.dnsServers[0]", "$.tags['[t']", "$.priority", "$.location", "$.resourceGroup",
                "$.startTimeoutSeconds", "$.timeoutSeconds", "$.keepContainerGroup", "$.template",
                "$.variables['[x']"), paths);
    }

    @Test
    void aLaterRuleSeesWhatAnEarlierOneReported() {
        // Maxima above Spot's limits (4 cores, 16 GB): cpu 9 breaks the configured maximum, so Spot's own cpu limit
        // does not report the same value again; memory 16.5 is within the maximum but not within Spot's limit.
        JobValidator generous = new JobValidator(new JobDefaults(1.0, 1.5, 8.0, 32.0, "westeurope",
                TestJobs.DEFAULT_GROUP, Set.of(TestJobs.DEFAULT_GROUP), Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofDays(7)), TestJobs.TEMPLATES);
        List<FieldError> errors = assertThrows(InvalidJobException.class, () -> generous.resolve(
                "{\"image\":\"busybox\",\"cpu\":9,\"memoryGb\":16.5,\"priority\":\"Spot\"}")).errors();

        assertEquals(1, errors.stream().filter(e -> e.path().equals("$.cpu")).count(), errors.toString());
        assertFalse(errors.stream().anyMatch(e -> e.path().equals("$.cpu") && e.message().contains("Spot")));
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("$.memoryGb") && e.message().contains("Spot")),
                errors.toString());
    }
}
