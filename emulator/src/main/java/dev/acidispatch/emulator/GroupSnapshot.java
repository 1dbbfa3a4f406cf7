package dev.acidispatch.emulator;

import java.util.Map;
import java.util.Optional;

/** An emulated container group as it looks now (for leak checks and assertions). */
public record GroupSnapshot(String resourceGroup, String name, Map<String, String> tags, String provisioningState,
                            Optional<String> instanceState, String deploymentName) {
    public GroupSnapshot {
        tags = Map.copyOf(tags);
    }
}
