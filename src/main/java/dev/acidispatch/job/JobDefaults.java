package dev.acidispatch.job;

import dev.acidispatch.config.Settings;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Defaults and deployment-specific bounds applied to job messages.
 *
 * @param allowedResourceGroups resource groups jobs may target; must contain {@code defaultResourceGroup}
 * @param allowedKeyVaults      resource ids of the Key Vaults whose secrets jobs may reference (compared ignoring
 *                              case, as ARM ids are); empty means no Key Vault references are accepted
 */
public record JobDefaults(
        double defaultCpu,
        double defaultMemoryGb,
        double maxCpu,
        double maxMemoryGb,
        String defaultLocation,
        String defaultResourceGroup,
        Set<String> allowedResourceGroups,
        Duration defaultStartTimeout,
        Duration defaultTimeout,
        Duration maxTimeout,
        Set<String> allowedKeyVaults) {

    /** Defaults without any allowed Key Vault. */
    public JobDefaults(double defaultCpu, double defaultMemoryGb, double maxCpu, double maxMemoryGb,
                       String defaultLocation, String defaultResourceGroup, Set<String> allowedResourceGroups,
                       Duration defaultStartTimeout, Duration defaultTimeout, Duration maxTimeout) {
        this(defaultCpu, defaultMemoryGb, maxCpu, maxMemoryGb, defaultLocation, defaultResourceGroup,
                allowedResourceGroups, defaultStartTimeout, defaultTimeout, maxTimeout, Set.of());
    }

    public JobDefaults {
        Objects.requireNonNull(defaultLocation, "defaultLocation");
        Objects.requireNonNull(defaultResourceGroup, "defaultResourceGroup");
        Objects.requireNonNull(defaultStartTimeout, "defaultStartTimeout");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        allowedResourceGroups = Set.copyOf(Objects.requireNonNull(allowedResourceGroups, "allowedResourceGroups"));
        allowedKeyVaults = Set.copyOf(Objects.requireNonNull(allowedKeyVaults, "allowedKeyVaults"));
        positive("maxCpu", maxCpu);
        positive("maxMemoryGb", maxMemoryGb);
        if (!(defaultCpu > 0 && defaultCpu <= maxCpu)) {
            throw new IllegalArgumentException("The value for defaultCpu must be above 0 and at most maxCpu (" + maxCpu
                    + "), was " + defaultCpu);
        }
        if (!(defaultMemoryGb > 0 && defaultMemoryGb <= maxMemoryGb)) {
            throw new IllegalArgumentException("The value for defaultMemoryGb must be above 0 and at most maxMemoryGb ("
                    + maxMemoryGb + "), was " + defaultMemoryGb);
        }
        if (!allowedResourceGroups.contains(defaultResourceGroup)) {
            throw new IllegalArgumentException("The value for allowedResourceGroups must contain defaultResourceGroup '"
                    + defaultResourceGroup + "'");
        }
        if (maxTimeout.toSeconds() < JobLimits.MIN_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("The value for maxTimeout must be at least "
                    + JobLimits.MIN_TIMEOUT_SECONDS + " s, was " + maxTimeout);
        }
        within("defaultStartTimeout", defaultStartTimeout, maxTimeout);
        within("defaultTimeout", defaultTimeout, maxTimeout);
    }

    public static JobDefaults from(Settings settings) {
        return new JobDefaults(settings.defaultCpu(), settings.defaultMemoryGb(), settings.maxCpu(),
                settings.maxMemoryGb(), settings.defaultLocation(), settings.defaultResourceGroup(),
                settings.allowedResourceGroups(), settings.defaultStartTimeout(), settings.defaultTimeout(),
                settings.maxTimeout(), settings.allowedKeyVaults());
    }

    /** The allow-list's spelling of {@code vaultId}, if it is on the list (ARM ids compare ignoring case). */
    public java.util.Optional<String> allowedKeyVault(String vaultId) {
        return allowedKeyVaults.stream().filter(v -> v.equalsIgnoreCase(vaultId)).findFirst();
    }

    private static void positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("The value for " + name + " must be above 0, was " + value);
        }
    }

    private static void within(String name, Duration value, Duration max) {
        if (value.toSeconds() < JobLimits.MIN_TIMEOUT_SECONDS || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("The value for " + name + " must be from " + JobLimits.MIN_TIMEOUT_SECONDS
                    + " s to maxTimeout (" + max.toSeconds() + " s), was " + value.toSeconds() + " s");
        }
    }
}
