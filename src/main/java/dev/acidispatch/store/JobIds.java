package dev.acidispatch.store;

import java.util.regex.Pattern;

/**
 * The job id rule of the message contract, enforced again at the storage boundary so that no id can reach a table
 * key, an OData filter or a blob name unless it is plain lowercase letters, digits and inner hyphens.
 */
public final class JobIds {
    /** Same rule as the job message contract: 1–40 chars, lowercase alphanumerics and inner hyphens. */
    public static final Pattern PATTERN = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$");

    private JobIds() {
    }

    /** Returns {@code jobId} if valid; otherwise throws an {@link IllegalArgumentException} that says what is valid. */
    public static String require(String jobId) {
        if (jobId == null || !PATTERN.matcher(jobId).matches()) {
            throw new IllegalArgumentException("jobId: " + (jobId == null ? "missing" : "'" + printable(jobId)
                    + "' is not valid") + "; expected 1 to 40 lowercase letters, digits or inner hyphens matching "
                    + PATTERN.pattern());
        }
        return jobId;
    }

    /** Keeps error messages short and on one line whatever the input was. */
    private static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
