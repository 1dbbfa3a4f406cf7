package dev.acidispatch.admission;

import dev.acidispatch.config.Settings;

/**
 * The budget admission enforces, normally ACI's regional quotas or less: how many jobs and cores may be active at
 * once, and how many container groups may be created, and deleted, in any 5 minutes and in any hour (sliding
 * windows; ACI limits both, quota doc "Changeable Limits").
 */
public record AdmissionLimits(int maxActiveJobs, int maxActiveCores, int createsPer5Min, int createsPerHour,
                              int deletesPer5Min, int deletesPerHour) {
    public AdmissionLimits {
        requirePositive(maxActiveJobs, "maxActiveJobs");
        requirePositive(maxActiveCores, "maxActiveCores");
        requirePositive(createsPer5Min, "createsPer5Min");
        requirePositive(createsPerHour, "createsPerHour");
        requirePositive(deletesPer5Min, "deletesPer5Min");
        requirePositive(deletesPerHour, "deletesPerHour");
    }

    /** Limits with ACI's default delete budget (100 per 5 minutes, 300 per hour). */
    public AdmissionLimits(int maxActiveJobs, int maxActiveCores, int createsPer5Min, int createsPerHour) {
        this(maxActiveJobs, maxActiveCores, createsPer5Min, createsPerHour, Settings.DEFAULT_DELETES_PER_5_MIN,
                Settings.DEFAULT_DELETES_PER_HOUR);
    }

    public static AdmissionLimits from(Settings settings) {
        return new AdmissionLimits(settings.maxActiveJobs(), settings.maxActiveCores(), settings.createsPer5Min(),
                settings.createsPerHour(), settings.deletesPer5Min(), settings.deletesPerHour());
    }

    /** ACI's regional defaults: 100 groups, 100 cores, 100 creates and deletes per 5 minutes, 300 of each per hour. */
    public static AdmissionLimits aciDefaults() {
        return new AdmissionLimits(Settings.DEFAULT_MAX_ACTIVE_JOBS, Settings.DEFAULT_MAX_ACTIVE_CORES,
                Settings.DEFAULT_CREATES_PER_5_MIN, Settings.DEFAULT_CREATES_PER_HOUR,
                Settings.DEFAULT_DELETES_PER_5_MIN, Settings.DEFAULT_DELETES_PER_HOUR);
    }

    private static void requirePositive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException("The value for " + field + " must be at least 1, was " + value + ".");
        }
    }
}
