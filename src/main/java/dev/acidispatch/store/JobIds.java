package dev.acidispatch.store;

import dev.acidispatch.job.JobLimits;
import dev.acidispatch.job.JobNames;

/**
 * The job id rule of the message contract ({@link JobNames#isValidJobId}), enforced again at the storage boundary so that no id can reach a table
 * key, an OData filter or a blob name unless it is plain lowercase letters, digits and inner hyphens.
 */
public final class JobIds {
    private JobIds() {
    }

    /** Returns {@code jobId} if valid; otherwise throws an {@link IllegalArgumentException} that says what is valid. */
    public static String require(String jobId) {
        if (!JobNames.isValidJobId(jobId)) {
            throw new IllegalArgumentException("jobId: " + (jobId == null ? "missing" : "'" + printable(jobId)
                    + "' is not valid") + "; expected 1 to 40 lowercase letters, digits or inner hyphens matching "
                    + JobLimits.JOB_ID_PATTERN);
        }
        return jobId;
    }

    /** Keeps error messages short and on one line whatever the input was. */
    private static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
