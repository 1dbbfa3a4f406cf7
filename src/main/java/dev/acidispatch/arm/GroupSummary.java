package dev.acidispatch.arm;

import java.util.Map;
import java.util.Objects;

/** A container group as listed by resource group (lists carry no instance view). */
public record GroupSummary(String name, Map<String, String> tags, String provisioningState) {
    public GroupSummary {
        Objects.requireNonNull(name, "name");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        provisioningState = provisioningState == null ? "" : provisioningState;
    }
}
