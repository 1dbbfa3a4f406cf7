package dev.acidispatch.admission;

import java.util.Optional;

/**
 * The full message text of each DEFERRED job, kept until the job is dispatched. The text may hold secrets
 * ({@code secureEnv}, registry passwords), so it lives next to the queue in the same storage account and never in
 * the job record that status endpoints read.
 */
public interface DeferredJobs {

    /** Stores (or replaces) the job's message text. */
    void put(String jobId, String messageText);

    /** The stored text, or empty. */
    Optional<String> get(String jobId);

    /** Removes the stored text; nothing happens when there is none. */
    void delete(String jobId);
}
