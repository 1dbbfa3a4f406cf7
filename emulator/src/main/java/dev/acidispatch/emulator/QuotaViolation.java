package dev.acidispatch.emulator;

import java.time.Instant;

/** A create the emulator refused because a quota was full; {@code quota} is ACI's quota name. */
public record QuotaViolation(String quota, String resourceGroup, String groupName, double limit, double usage,
                             double requested, Instant at) {
}
