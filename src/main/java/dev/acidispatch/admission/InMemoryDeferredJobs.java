package dev.acidispatch.admission;

import dev.acidispatch.store.JobIds;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link DeferredJobs} in memory, for tests and the in-process stack. */
public final class InMemoryDeferredJobs implements DeferredJobs {
    private final ConcurrentHashMap<String, String> texts = new ConcurrentHashMap<>();

    @Override
    public void put(String jobId, String messageText) {
        texts.put(JobIds.require(jobId), Objects.requireNonNull(messageText, "messageText"));
    }

    @Override
    public Optional<String> get(String jobId) {
        return Optional.ofNullable(texts.get(JobIds.require(jobId)));
    }

    @Override
    public void delete(String jobId) {
        texts.remove(JobIds.require(jobId));
    }

    /** How many texts are stored. */
    public int size() {
        return texts.size();
    }
}
