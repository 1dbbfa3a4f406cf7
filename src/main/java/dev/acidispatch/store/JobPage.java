package dev.acidispatch.store;

import dev.acidispatch.job.JobRecord;

import java.util.List;
import java.util.Optional;

/**
 * One page of a {@link JobQuery}, newest first.
 *
 * @param jobs              at most the query's limit
 * @param continuationToken pass it to {@link JobQuery#after} for the next page; null when there is none. A page may
 *                          come back shorter than the limit (or empty) with a token when records changed status while
 *                          it was read: keep going until the token is null.
 */
public record JobPage(List<JobRecord> jobs, String continuationToken) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }

    public Optional<String> next() {
        return Optional.ofNullable(continuationToken);
    }
}
