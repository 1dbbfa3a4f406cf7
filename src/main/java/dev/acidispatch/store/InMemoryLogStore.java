package dev.acidispatch.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LogStore} in memory, for fast tests and the CLI's in-process {@code run}. */
public final class InMemoryLogStore implements LogStore {
    private final ConcurrentHashMap<String, String> logs = new ConcurrentHashMap<>();

    @Override
    public void put(String jobId, String text) {
        logs.put(JobIds.require(jobId), Objects.requireNonNull(text, "text"));
    }

    @Override
    public Optional<String> get(String jobId) {
        return Optional.ofNullable(logs.get(JobIds.require(jobId)));
    }
}
