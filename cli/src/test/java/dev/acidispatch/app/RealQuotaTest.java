package dev.acidispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.admission.RegionQuota;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.emulator.Authorization;
import dev.acidispatch.emulator.ContainerScript;
import dev.acidispatch.emulator.Quotas;
import dev.acidispatch.emulator.Route;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.testing.PipelineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission within min(configured limit, ACI's real remaining quota): PollWork reads the usage API of the default
 * region once per tick (through the PollWork function), and the DispatchJob function admits within what it said.
 */
class RealQuotaTest {

    private static PipelineHarness harness(boolean subscriptionReader) {
        // The region's real quota (2 groups) is far below the configured limit (DISPATCH_MAX_ACTIVE_JOBS 50).
        return new PipelineHarness(Map.of("DISPATCH_MAX_ACTIVE_JOBS", "50"), HostPayloadRules.ActivityInputDelivery.AS_SCHEDULED,
                b -> {
                    b.quotas(Quotas.aciDefaults().withMaxGroups(2))
                            .defaultScript(ContainerScript.builder().provisioningDelay(Duration.ofSeconds(10))
                                    .runDuration(Duration.ofHours(1)).build());
                    // The usages API is at subscription scope: readable when the operator granted it.
                    return subscriptionReader ? b.authorization(Authorization.unrestricted()) : b;
                });
    }

    @Test
    void theUsageApiLimitBindsWhenItIsBelowTheConfiguredOne() {
        try (PipelineHarness h = harness(true)) {
            h.stack.pollWork();
            assertEquals(1, h.emulator.requestLog().count(Route.USAGES_LIST), "one read per tick");
            RegionQuota quota = h.stack.ledger().snapshot().quotas().get("westeurope");
            assertEquals(0, quota.groupsUsed());
            assertEquals(2, quota.groupsLimit());

            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message("q-1")).kind());
            assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message("q-2")).kind());
            DispatchOutcome third = h.stack.dispatch(PipelineHarness.message("q-3"));
            assertEquals(DispatchOutcome.Kind.DEFERRED, third.kind());
            assertEquals(JobStatus.DEFERRED, h.record("q-3").status());
            JsonNode view = Json.read(h.stack.routes().status("q-3").body(), JsonNode.class);
            String reason = view.get("reason").asText();
            assertTrue(reason.contains("ACI's quota in westeurope binds"), reason);
            assertTrue(reason.contains("container groups 0 of 2 in use + 2 admitted since"), reason);
            assertTrue(reason.contains("the configured limit (50 active jobs) is higher"), reason);
            assertTrue(h.emulator.quotaViolations().isEmpty(), "ACI never had to refuse a create");

            // The next tick reads again (the two groups now count in ACI's own numbers) and still holds q-3 back.
            h.stack.runner().advanceAndRun(Duration.ofMinutes(1));
            h.stack.pollWork();
            assertEquals(2, h.emulator.requestLog().count(Route.USAGES_LIST));
            assertEquals(2, h.stack.ledger().snapshot().quotas().get("westeurope").groupsUsed());
            assertEquals(JobStatus.DEFERRED, h.record("q-3").status());
            assertTrue(h.record("q-3").reason().contains("container groups 2 of 2 in use"), h.record("q-3").reason());
        }
    }

    @Test
    void withoutTheSubscriptionReadAdmissionKeepsTheConfiguredLimits() {
        try (PipelineHarness h = harness(false)) {
            h.stack.pollWork();
            assertEquals(1, h.emulator.requestLog().count(Route.USAGES_LIST, 403), "the infra role cannot read it");
            assertTrue(h.stack.ledger().snapshot().quotas().isEmpty());
            // Nothing bounds admission but the configured limits: the third job is deployed, and ACI refuses its group.
            for (String id : new String[]{"n-1", "n-2", "n-3"}) {
                assertEquals(DispatchOutcome.Kind.DISPATCHED, h.stack.dispatch(PipelineHarness.message(id)).kind());
            }
            h.stack.runner().advanceAndRun(Duration.ofSeconds(30));
            assertEquals(1, h.emulator.quotaViolations().size(), h.emulator.quotaViolations().toString());
        }
    }
}
