package dev.acidispatch.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LogStore} in memory, for fast tests and the CLI's in-process {@code run}. */
public final class InMemoryLogStore implements LogStore {
    private final ConcurrentHashMap<String, String> logs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> containerLogs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<String>> names = new ConcurrentHashMap<>();

    @Override
    public void put(String jobId, String text) {
        logs.put(JobIds.require(jobId), Objects.requireNonNull(text, "text"));
    }

    @Override
    public Optional<String> get(String jobId) {
        return Optional.ofNullable(logs.get(JobIds.require(jobId)));
    }

    @Override
    public void putContainerLog(String jobId, String containerName, String storedText) {
        containerLogs.put(key(jobId, containerName), Objects.requireNonNull(storedText, "storedText"));
    }

    @Override
    public Optional<String> getContainerLog(String jobId, String containerName) {
        return Optional.ofNullable(containerLogs.get(key(jobId, containerName)));
    }

    @Override
    public void putContainerNames(String jobId, List<String> containerNames) {
        containerNames.forEach(ContainerNames::require);
        names.put(JobIds.require(jobId), List.copyOf(containerNames));
    }

    @Override
    public Optional<List<String>> containerNames(String jobId) {
        return Optional.ofNullable(names.get(JobIds.require(jobId)));
    }

    private static String key(String jobId, String containerName) {
        return JobIds.require(jobId) + "/" + ContainerNames.require(containerName);
    }
}
