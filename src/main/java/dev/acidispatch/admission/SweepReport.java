package dev.acidispatch.admission;

import java.util.List;

/**
 * What one sweep did.
 *
 * @param examined tagged groups looked at
 * @param deleted  one entry per deleted group
 * @param failures groups whose deletion failed (retried on the next sweep), each "resourceGroup/group: error"
 */
public record SweepReport(int examined, List<Deletion> deleted, List<String> failures) {
    public SweepReport {
        deleted = List.copyOf(deleted);
        failures = List.copyOf(failures);
    }

    /** A deleted container group (and its deployment record), with the job it belonged to and why it went. */
    public record Deletion(String resourceGroup, String groupName, String jobId, String reason) {
    }
}
