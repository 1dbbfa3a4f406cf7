package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Enforces the {@link Quotas} of each region: on group creation, the number of groups, the cores of groups still
 * running and the create rate per window; on group deletion, the delete rate per window. ACI's limits are "per region
 * per subscription" (quota doc), so each region counts only its own groups, creates and deletes. A refusal is
 * recorded as a {@link QuotaViolation}. A create is answered with ACI's {@code ContainerGroupQuotaReached} error,
 * worded as ACI words it (the text quoted in MicrosoftDocs/azure-docs issue #51738), which {@link Deployments} nests
 * the way ARM does; a delete over its rate is answered like a provider throttle (429
 * {@code ResourceRequestsThrottled}, {@link ArmErrors#resourceThrottled}): ACI does not document the error it sends.
 */
final class QuotaLedger {
    private static final Logger LOG = Logger.getLogger(QuotaLedger.class.getName());
    static final String DELETE_ACTION = "Microsoft.ContainerInstance/containerGroups/delete";

    private final Quotas quotas;
    private final Map<String, List<Instant>> createTimes = new HashMap<>();
    private final Map<String, List<Instant>> deleteTimes = new HashMap<>();
    private final List<QuotaViolation> violations = new ArrayList<>();

    QuotaLedger(Quotas quotas) {
        this.quotas = quotas;
    }

    /** A region as ARM compares it: case and spaces do not matter ("West Europe" is westeurope). */
    static String region(String location) {
        return location.toLowerCase(Locale.ROOT).replace(" ", "");
    }

    /**
     * The error ACI would refuse this new group with, given the groups that exist now in its region (in every resource
     * group: the quotas are regional); empty when it fits.
     */
    Optional<ObjectNode> refusal(String resourceGroup, GroupSpec spec, Collection<EmulatedGroup> existing,
                                 Instant now) {
        String region = region(spec.location());
        List<EmulatedGroup> inRegion = existing.stream().filter(g -> region(g.spec().location()).equals(region))
                .toList();
        double requestedCores = spec.cores();
        if (inRegion.size() + 1 > quotas.maxGroups()) {
            return Optional.of(refuse(resourceGroup, spec.name(), region, "ContainerGroups", quotas.maxGroups(),
                    inRegion.size(), 1, now));
        }
        double usedCores = inRegion.stream().filter(g -> g.usesCores(now)).mapToDouble(g -> g.spec().cores()).sum();
        if (usedCores + requestedCores > quotas.maxCores()) {
            return Optional.of(refuse(resourceGroup, spec.name(), region, "StandardCores", quotas.maxCores(),
                    usedCores, requestedCores, now));
        }
        for (Quotas.RateWindow window : quotas.createWindows()) {
            long recent = countSince(createTimes, region, now.minus(window.window()));
            if (recent + 1 > window.count()) {
                return Optional.of(refuse(resourceGroup, spec.name(), region, "ContainerGroupCreates"
                        + window.window(), window.count(), recent, 1, now));
            }
        }
        return Optional.empty();
    }

    /**
     * What the usages API reports for {@code location}: the groups that exist in the region (each counts against the
     * group quota) and the cores of those that still use them, with the limits.
     */
    Usage usage(String location, Collection<EmulatedGroup> existing, Instant now) {
        String region = region(location);
        List<EmulatedGroup> inRegion = existing.stream().filter(g -> region(g.spec().location()).equals(region))
                .toList();
        double cores = inRegion.stream().filter(g -> g.usesCores(now)).mapToDouble(g -> g.spec().cores()).sum();
        return new Usage(inRegion.size(), quotas.maxGroups(), cores, quotas.maxCores());
    }

    record Usage(int groups, int maxGroups, double cores, double maxCores) {
    }

    /** Counts a create against its region's create-rate windows. */
    void recordCreate(String location, Instant now) {
        createTimes.computeIfAbsent(region(location), r -> new ArrayList<>()).add(now);
    }

    /** The 429 a delete in {@code location} gets now, when its region's delete rate is used up; empty otherwise. */
    Optional<Reply> deleteRefusal(String resourceGroup, String groupName, String location, Instant now) {
        String region = region(location);
        for (Quotas.RateWindow window : quotas.deleteWindows()) {
            Instant since = now.minus(window.window());
            List<Instant> recent = deleteTimes.getOrDefault(region, List.of()).stream().filter(t -> t.isAfter(since))
                    .sorted().toList();
            if (recent.size() + 1 > window.count()) {
                violations.add(new QuotaViolation("ContainerGroupDeletes" + window.window(), resourceGroup, groupName,
                        window.count(), recent.size(), 1, now));
                LOG.info(() -> "ARM emulator: delete rate " + window + " refused group " + groupName);
                // Room again once the oldest delete counted leaves the window.
                Instant free = recent.get(recent.size() - window.count()).plus(window.window());
                long seconds = Math.max(1, (long) Math.ceil(Duration.between(now, free).toMillis() / 1000.0));
                return Optional.of(ArmErrors.resourceThrottled(DELETE_ACTION, window.count(), window.window(),
                        seconds));
            }
        }
        return Optional.empty();
    }

    /** Counts a delete against its region's delete-rate windows. */
    void recordDelete(String location, Instant now) {
        deleteTimes.computeIfAbsent(region(location), r -> new ArrayList<>()).add(now);
    }

    List<QuotaViolation> violations() {
        return List.copyOf(violations);
    }

    private static long countSince(Map<String, List<Instant>> times, String region, Instant since) {
        return times.getOrDefault(region, List.of()).stream().filter(t -> t.isAfter(since)).count();
    }

    private ObjectNode refuse(String resourceGroup, String groupName, String region, String quota, double limit,
                              double usage, double requested, Instant now) {
        violations.add(new QuotaViolation(quota, resourceGroup, groupName, limit, usage, requested, now));
        LOG.info(() -> "ARM emulator: quota " + quota + " refused group " + groupName);
        return ArmErrors.error("ContainerGroupQuotaReached", "Resource type '" + ContainerGroups.RESOURCE_TYPE
                + "' container group quota '" + quota + "' exceeded in region '" + region + "'. Limit: '"
                + number(limit) + "', Usage: '" + number(usage) + "' Requested: '" + number(requested) + "'.");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
