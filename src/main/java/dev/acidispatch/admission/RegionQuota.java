package dev.acidispatch.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What ACI's usage API reported for one region at {@code readAt} ({@code GET /subscriptions/{s}/providers/
 * Microsoft.ContainerInstance/locations/{location}/usages}, operation Location_ListUsage, containerInstance.json
 * 2023-05-01: each Usage has {@code currentValue} and {@code limit}, int32, unit Count). PollWork reads it at most once
 * per tick and stores it in the ledger; admission then admits within min(configured limit, real remaining).
 *
 * @param location    the region as ARM compares it (lowercase, no spaces)
 * @param groupsUsed  {@code ContainerGroups} currentValue: groups that exist in the region, ours and others'
 * @param groupsLimit {@code ContainerGroups} limit
 * @param coresUsed   {@code StandardCores} currentValue
 * @param coresLimit  {@code StandardCores} limit
 */
public record RegionQuota(String location, int groupsUsed, int groupsLimit, double coresUsed, double coresLimit,
                          Instant readAt) {
    /** A reading older than this no longer bounds admission (PollWork stopped reading it: configured limits only). */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    public RegionQuota {
        location = region(Objects.requireNonNull(location, "location"));
        Objects.requireNonNull(readAt, "readAt");
    }

    /** A region as ARM compares it: case and spaces do not matter ("West Europe" is westeurope). */
    public static String region(String location) {
        return location.toLowerCase(Locale.ROOT).replace(" ", "");
    }

    public boolean isFresh(Instant now) {
        return !now.isAfter(readAt.plus(MAX_AGE));
    }
}
