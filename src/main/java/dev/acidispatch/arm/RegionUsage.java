package dev.acidispatch.arm;

import java.util.Map;
import java.util.Optional;

/**
 * ACI's usage and limits in one region, as {@code GET /subscriptions/{s}/providers/Microsoft.ContainerInstance/
 * locations/{location}/usages} reports them (operation Location_ListUsage, containerInstance.json 2023-05-01: a list of
 * Usage, each {@code name.value}, {@code currentValue} and {@code limit}, unit Count). The names that matter here:
 * {@value #CONTAINER_GROUPS} and {@value #STANDARD_CORES}, the quotas ACI's refusals name
 * ({@code ContainerGroupQuotaReached}, MicrosoftDocs/azure-docs#51738); Spot cores come as {@value #SPOT_CORES}.
 *
 * @param entries by usage name: {currentValue, limit}
 */
public record RegionUsage(String location, Map<String, long[]> entries) {
    public static final String CONTAINER_GROUPS = "ContainerGroups";
    public static final String STANDARD_CORES = "StandardCores";
    public static final String SPOT_CORES = "StandardSpotCores";

    public RegionUsage {
        entries = Map.copyOf(entries);
    }

    /** {currentValue, limit} of the usage named {@code name}, if ACI reported it. */
    public Optional<long[]> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }
}
