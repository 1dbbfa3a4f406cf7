package dev.acidispatch.job;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.quote;

/** The job's own name: {@code jobId}, which names its records and its container group. */
final class JobIdRules implements FieldRules {
    private static final Pattern JOB_ID = Pattern.compile(JobLimits.JOB_ID_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("jobId");
    }

    @Override
    public void check(MessageFields message) {
        message.text("jobId").ifPresent(id -> jobId(message, id));
    }

    private static void jobId(MessageFields message, String id) {
        if (!JOB_ID.matcher(id).matches()) {
            String hint = !id.equals(id.toLowerCase(Locale.ROOT)) ? " (lowercase it)" : "";
            message.error("$.jobId", quote(id) + " is not a valid job id" + hint + "; use 1–"
                    + JobLimits.MAX_JOB_ID_LENGTH + " lowercase letters, digits and hyphens, starting and ending "
                    + "with a letter or digit (e.g. nightly-etl-20261123), or omit jobId to have one generated");
        }
    }
}
