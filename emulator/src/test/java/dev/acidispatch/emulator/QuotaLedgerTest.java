package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quotas as ContainerGroups applies them to creates (running groups only count their cores while they run). */
class QuotaLedgerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T00:00:00Z");

    private ContainerGroups groups(Quotas quotas) {
        ContainerScript script = ContainerScript.builder().provisioningDelay(Duration.ofSeconds(5))
                .runDuration(Duration.ofMinutes(1)).build();
        return new ContainerGroups(clock, false, new QuotaLedger(quotas, "westeurope"), script, Map.of());
    }

    private static GroupSpec spec(String name, double cpu) {
        ObjectNode resource = JSON.createObjectNode().put("name", name);
        resource.putObject("properties").putArray("containers").addObject().put("name", "main")
                .putObject("properties").putObject("resources").putObject("requests").put("cpu", cpu)
                .put("memoryInGB", 1);
        return GroupSpec.fromResource(resource, "westeurope");
    }

    private void create(ContainerGroups groups, String name, double cpu) {
        assertEquals(Optional.empty(), groups.quotaRefusal("rg", spec(name, cpu), clock.instant()), name);
        groups.create("sub", "rg", spec(name, cpu), "dep-" + name, clock.instant());
    }

    @Test
    void coresOfRunningGroupsCountAndFinishedOnesAreFreed() {
        ContainerGroups groups = groups(Quotas.aciDefaults().withMaxCores(4));
        create(groups, "a", 3);

        ObjectNode refusal = groups.quotaRefusal("rg", spec("b", 2), clock.instant()).orElseThrow();
        assertEquals("ContainerGroupQuotaReached", refusal.path("code").asText());
        assertEquals("Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota "
                + "'StandardCores' exceeded in region 'westeurope'. Limit: '4', Usage: '3' Requested: '2'.",
                refusal.path("message").asText());

        clock.advance(Duration.ofMinutes(2));
        create(groups, "b", 2);
    }

    @Test
    void groupCountAndCreateRateAreRegionalAndRecordedAsViolations() {
        QuotaLedger ledger = new QuotaLedger(new Quotas(2, 100, List.of(new Quotas.CreateWindow(1,
                Duration.ofMinutes(5)))), "westeurope");
        ContainerGroups groups = new ContainerGroups(clock, false, ledger, ContainerScript.defaults(), Map.of());
        create(groups, "a", 1);

        assertTrue(groups.quotaRefusal("other-rg", spec("b", 1), clock.instant()).orElseThrow()
                .path("message").asText().contains("'ContainerGroupCreatesPT5M'"));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        create(groups, "b", 1);
        assertTrue(groups.quotaRefusal("rg", spec("c", 1), clock.instant()).orElseThrow()
                .path("message").asText().contains("'ContainerGroups'"));

        assertEquals(List.of("ContainerGroupCreatesPT5M", "ContainerGroups"),
                ledger.violations().stream().map(QuotaViolation::quota).toList());
        assertEquals(2, groups.created());
    }
}
