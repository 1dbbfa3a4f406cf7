package dev.acidispatch.api;

import dev.acidispatch.job.AttemptSummary;
import dev.acidispatch.job.JobRecord;

import java.time.Instant;
import java.util.List;

/**
 * What users see of a job: built from the record, which never holds secrets. {@code restarts} counts the times ACI
 * restarted the container on its own (the job ran {@code restarts + 1} times; the history says when and how the run
 * before ended). {@code attempt} is the current attempt of {@code maxAttempts} (the retry policy's), and
 * {@code attempts} says how each finished attempt ended, with its exit code and reason. {@code schedule} names the
 * schedule whose run it is (null when submitted on its own).
 */
public record JobView(String jobId, String status, String reason, List<String> errors, Integer exitCode, String image,
                      String resourceGroup, String containerGroupName, Instant createdAt, Instant dispatchedAt,
                      Instant startedAt, Instant finishedAt, Instant cancelRequestedAt, boolean logsCaptured,
                      int restarts, int attempt, int maxAttempts, List<AttemptSummary> attempts,
                      List<String> history, String schedule) {

    public static JobView of(JobRecord r) {
        return new JobView(r.jobId(), r.status().name(), r.reason(), r.errors(), r.exitCode(), r.image(),
                r.resourceGroup(), r.containerGroupName(), r.createdAt(), r.dispatchedAt(), r.startedAt(),
                r.finishedAt(), r.cancelRequestedAt(), r.logsCaptured(), r.restarts(), r.attempt(), r.maxAttempts(),
                r.attempts(), r.history(), r.schedule());
    }
}
