package dev.acidispatch.store;

import java.util.List;
import java.util.Optional;

/**
 * Captured container logs. Per job: one text a reader gets whole ({@link #put}/{@link #get}, written when the job
 * ends), and per container of the job the timestamped capture the watcher appends to while the container runs
 * ({@link #putContainerLog}/{@link #getContainerLog}, in the form of {@code dev.acidispatch.containerlogs.LogLine#store}). Job
 * ids must match {@link dev.acidispatch.job.JobNames#isValidJobId}, container names {@link ContainerNames}.
 */
public interface LogStore {

    /** Stores (or replaces) the job's logs. */
    void put(String jobId, String text);

    /** The job's logs, or empty if none were captured. */
    Optional<String> get(String jobId);

    /** Stores (or replaces) one container's timestamped capture. */
    void putContainerLog(String jobId, String containerName, String storedText);

    /** One container's timestamped capture so far, or empty if none was stored. */
    Optional<String> getContainerLog(String jobId, String containerName);

    /** Records which containers the job's log is made of, the job's own first (written with the job's log). */
    void putContainerNames(String jobId, List<String> containerNames);

    /** The containers recorded by {@link #putContainerNames}, the job's own first; empty if none were recorded. */
    Optional<List<String>> containerNames(String jobId);
}
