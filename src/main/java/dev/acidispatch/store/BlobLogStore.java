package dev.acidispatch.store;

import com.azure.storage.blob.BlobServiceClient;

import java.util.List;
import java.util.Optional;

/**
 * {@link LogStore} on Blob Storage: blob {@code <jobId>.log} in container {@value #CONTAINER_NAME}, and each
 * container's timestamped capture as {@code <jobId>/<container>.log}, UTF-8 {@code text/plain}, so logs can also be
 * read with {@code az storage blob download} or the portal.
 */
public final class BlobLogStore implements LogStore {
    public static final String CONTAINER_NAME = "job-logs";
    private static final String EXTENSION = ".log";

    private final JobTextBlobs blobs;

    /** A store on the container {@value #CONTAINER_NAME}. */
    public BlobLogStore(BlobServiceClient service) {
        this(service, CONTAINER_NAME);
    }

    /** @param containerName the container (3–63 lowercase letters, digits, single hyphens); created on first use */
    public BlobLogStore(BlobServiceClient service, String containerName) {
        this.blobs = new JobTextBlobs(service, containerName, EXTENSION, "text/plain; charset=utf-8");
    }

    /** The blob name for a job's logs. */
    public static String blobName(String jobId) {
        return JobIds.require(jobId) + EXTENSION;
    }

    @Override
    public void put(String jobId, String text) {
        blobs.put(jobId, text);
    }

    @Override
    public Optional<String> get(String jobId) {
        return blobs.get(jobId);
    }

    /** The blob name for one container's capture. */
    public static String containerBlobName(String jobId, String containerName) {
        return JobIds.require(jobId) + "/" + ContainerNames.require(containerName) + EXTENSION;
    }

    @Override
    public void putContainerLog(String jobId, String containerName, String storedText) {
        blobs.putNamed(containerBlobName(jobId, containerName), storedText);
    }

    @Override
    public void putContainerNames(String jobId, List<String> containerNames) {
        containerNames.forEach(ContainerNames::require);
        // "containers.txt" cannot collide with a capture: container names have no dots.
        blobs.putNamed(JobIds.require(jobId) + "/containers.txt", String.join("\n", containerNames));
    }

    @Override
    public Optional<List<String>> containerNames(String jobId) {
        return blobs.getNamed(JobIds.require(jobId) + "/containers.txt")
                .map(text -> text.isEmpty() ? List.<String>of() : List.of(text.split("\n")));
    }

    @Override
    public Optional<String> getContainerLog(String jobId, String containerName) {
        return blobs.getNamed(containerBlobName(jobId, containerName));
    }
}
