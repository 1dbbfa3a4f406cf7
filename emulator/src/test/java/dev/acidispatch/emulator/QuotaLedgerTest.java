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
        return new ContainerGroups(clock, false, new QuotaLedger(quotas), script, Map.of());
    }

    private static GroupSpec spec(String name, double cpu) {
        return spec(name, cpu, "westeurope");
    }

    private static GroupSpec spec(String name, double cpu, String location) {
        ObjectNode resource = JSON.createObjectNode().put("name", name).put("location", location);
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
        QuotaLedger ledger = new QuotaLedger(new Quotas(2, 100, List.of(new Quotas.RateWindow(1,
                Duration.ofMinutes(5)))));
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

    /** "Standard sku container groups per region per subscription" (quota doc): another region has its own count. */
    @Test
    void eachRegionHasItsOwnGroupsCoresAndCreates() {
        QuotaLedger ledger = new QuotaLedger(new Quotas(1, 2, List.of(new Quotas.RateWindow(1,
                Duration.ofMinutes(5)))));
        ContainerGroups groups = new ContainerGroups(clock, false, ledger, ContainerScript.defaults(), Map.of());
        assertEquals(Optional.empty(), groups.quotaRefusal("rg", spec("a", 2, "westeurope"), clock.instant()));
        groups.create("sub", "rg", spec("a", 2, "westeurope"), "dep-a", clock.instant());

        assertEquals(Optional.empty(), groups.quotaRefusal("rg", spec("b", 2, "North Europe"), clock.instant()),
                "northeurope counts its own groups, cores and creates");
        groups.create("sub", "rg", spec("b", 2, "North Europe"), "dep-b", clock.instant());
        ObjectNode refusal = groups.quotaRefusal("rg", spec("c", 1, "northeurope"), clock.instant()).orElseThrow();
        assertTrue(refusal.path("message").asText().contains("in region 'northeurope'"), refusal.toString());
    }

    /** "Container group deletes per 5 minutes: 100" (quota doc): the next delete waits for the window to slide. */
    @Test
    void deletesOverTheRegionalRateAreThrottledUntilTheWindowSlides() {
        QuotaLedger ledger = new QuotaLedger(Quotas.aciDefaults().withDeletesPerWindow(2, Duration.ofMinutes(5)));
        ledger.recordDelete("westeurope", clock.instant());
        clock.advance(Duration.ofMinutes(1));
        ledger.recordDelete("westeurope", clock.instant());
        assertTrue(ledger.deleteRefusal("rg", "x", "northeurope", clock.instant()).isEmpty(), "other region");

        Reply refused = ledger.deleteRefusal("rg", "x", "West Europe", clock.instant()).orElseThrow();
        assertEquals(429, refused.status());
        assertEquals("ResourceRequestsThrottled", refused.body().path("error").path("code").asText());
        assertEquals("240", refused.headers().get("Retry-After"), "the first delete leaves the window in 4 minutes");
        assertTrue(refused.body().path("error").path("message").asText().contains("'00:05:00'"));
        assertEquals("ContainerGroupDeletesPT5M", ledger.violations().get(0).quota());
        clock.advance(Duration.ofMinutes(4).plusSeconds(1));
        assertTrue(ledger.deleteRefusal("rg", "x", "westeurope", clock.instant()).isEmpty());
    }
}
