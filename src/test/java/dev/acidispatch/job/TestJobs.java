package dev.acidispatch.job;

import dev.acidispatch.emulator.VirtualClock;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared fixtures: fixed defaults, a frozen clock and a seeded random so generated ids are reproducible. */
public final class TestJobs {
    public static final String DEFAULT_GROUP = "aci-dispatch-jobs";
    /** The one Key Vault {@link #DEFAULTS} allows secrets to be referenced in. */
    public static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kv-rg"
            + "/providers/Microsoft.KeyVault/vaults/jobs-kv";
    public static final JobDefaults DEFAULTS = new JobDefaults(1.0, 1.5, 4.0, 16.0, "westeurope", DEFAULT_GROUP,
            Set.of(DEFAULT_GROUP, "jobs-rg", "Batch-RG"), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(7),
            Set.of(VAULT));
    public static final Set<String> TEMPLATES = Set.of("default", "etl-tuned");
    public static final String IDENTITY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/jobs-rg"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/pull";
    public static final String SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg"
            + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/jobs";

    private TestJobs() {
    }

    public static JobValidator validator() {
        return new JobValidator(DEFAULTS, TEMPLATES,
                new JobIdGenerator(VirtualClock.startingAt("2026-11-23T10:15:30Z"), new Random(42)));
    }

    public static ResolvedJob resolve(String json) {
        return validator().resolve(json);
    }

    /** The error at {@code path}, failing unless there is one and its message holds every fragment. */
    public static FieldError at(List<FieldError> errors, String path, String... fragments) {
        FieldError match = errors.stream().filter(e -> e.path().equals(path)).findFirst()
                .orElseGet(() -> fail("no error at " + path + " in " + errors));
        for (String fragment : fragments) {
            assertTrue(match.message().contains(fragment), () -> "'" + match.message() + "' lacks '" + fragment + "'");
        }
        return match;
    }
}
