package dev.acidispatch.admission;

import com.azure.storage.blob.BlobServiceClient;
import dev.acidispatch.store.JobIds;
import dev.acidispatch.store.JobTextBlobs;

import java.util.Optional;

/**
 * {@link DeferredJobs} in Blob Storage: blob {@code <jobId>.json} in container {@value #CONTAINER_NAME} of the app's
 * storage account (the one holding the {@code jobs} queue, with the same access rules).
 */
public final class BlobDeferredJobs implements DeferredJobs {
    public static final String CONTAINER_NAME = "deferred-jobs";
    private static final String EXTENSION = ".json";

    private final JobTextBlobs blobs;

    public BlobDeferredJobs(BlobServiceClient service) {
        this(service, CONTAINER_NAME);
    }

    /** @param containerName 3–63 lowercase letters, digits or single inner hyphens; created on first use */
    public BlobDeferredJobs(BlobServiceClient service, String containerName) {
        this.blobs = new JobTextBlobs(service, containerName, EXTENSION, "application/json; charset=utf-8");
    }

    public static String blobName(String jobId) {
        return JobIds.require(jobId) + EXTENSION;
    }

    @Override
    public void put(String jobId, String messageText) {
        blobs.put(jobId, messageText);
    }

    @Override
    public Optional<String> get(String jobId) {
        return blobs.get(jobId);
    }

    @Override
    public void delete(String jobId) {
        blobs.delete(jobId);
    }
}
