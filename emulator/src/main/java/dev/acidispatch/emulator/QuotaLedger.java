package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Enforces the regional {@link Quotas} on group creation: the number of groups, the cores of groups still running,
 * and the create rate per window. A refusal is recorded as a {@link QuotaViolation} and answered with ACI's
 * {@code ContainerGroupQuotaReached} error, worded as ACI words it (the text quoted in MicrosoftDocs/azure-docs
 * issue #51738). ARM nests that error as JSON text inside a {@code Conflict} detail
 * ({@code src/test/resources/arm-specs/authored-DeploymentGet_Failed_Quota.json}); the emulator puts it in the
 * deployment's details directly.
 */
final class QuotaLedger {
    private static final Logger LOG = Logger.getLogger(QuotaLedger.class.getName());

    private final Quotas quotas;
    private final String location;
    private final List<Instant> createTimes = new ArrayList<>();
    private final List<QuotaViolation> violations = new ArrayList<>();

    QuotaLedger(Quotas quotas, String location) {
        this.quotas = quotas;
        this.location = location;
    }

    /**
     * The error ACI would refuse this new group with, given the groups that exist now (in every resource group:
     * the quotas are regional); empty when it fits.
     */
    Optional<ObjectNode> refusal(String resourceGroup, GroupSpec spec, Collection<EmulatedGroup> existing,
                                 Instant now) {
        double requestedCores = spec.cores();
        if (existing.size() + 1 > quotas.maxGroups()) {
            return Optional.of(refuse(resourceGroup, spec.name(), "ContainerGroups", quotas.maxGroups(),
                    existing.size(), 1, now));
        }
        double usedCores = existing.stream().filter(g -> !g.view(now).isFinished())
                .mapToDouble(g -> g.spec().cores()).sum();
        if (usedCores + requestedCores > quotas.maxCores()) {
            return Optional.of(refuse(resourceGroup, spec.name(), "StandardCores", quotas.maxCores(), usedCores,
                    requestedCores, now));
        }
        for (Quotas.CreateWindow window : quotas.createWindows()) {
            Instant since = now.minus(window.window());
            long recent = createTimes.stream().filter(t -> t.isAfter(since)).count();
            if (recent + 1 > window.creates()) {
                return Optional.of(refuse(resourceGroup, spec.name(), "ContainerGroupCreates" + window.window(),
                        window.creates(), recent, 1, now));
            }
        }
        return Optional.empty();
    }

    /**
     * What the usages API reports for the region: groups that exist (each counts against the group quota) and the
     * cores of those not finished, with their limits.
     */
    Usage usage(Collection<EmulatedGroup> existing, Instant now) {
        double cores = existing.stream().filter(g -> !g.view(now).isFinished()).mapToDouble(g -> g.spec().cores()).sum();
        return new Usage(existing.size(), quotas.maxGroups(), cores, quotas.maxCores());
    }

    record Usage(int groups, int maxGroups, double cores, double maxCores) {
    }

    String location() {
        return location;
    }

    /** Counts a create against the create-rate windows. */
    void recordCreate(Instant now) {
        createTimes.add(now);
    }

    List<QuotaViolation> violations() {
        return List.copyOf(violations);
    }

    private ObjectNode refuse(String resourceGroup, String groupName, String quota, double limit, double usage,
                              double requested, Instant now) {
        violations.add(new QuotaViolation(quota, resourceGroup, groupName, limit, usage, requested, now));
        LOG.info(() -> "ARM emulator: quota " + quota + " refused group " + groupName);
        return JsonNodeFactory.instance.objectNode().put("code", "ContainerGroupQuotaReached")
                .put("message", "Resource type '" + ContainerGroups.RESOURCE_TYPE + "' container group quota '"
                        + quota + "' exceeded in region '" + location + "'. Limit: '" + number(limit)
                        + "', Usage: '" + number(usage) + "' Requested: '" + number(requested) + "'.");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
