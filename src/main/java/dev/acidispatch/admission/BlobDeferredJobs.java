package dev.acidispatch.admission;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.acidispatch.job.JobLimits;
import dev.acidispatch.job.JobNames;

import dev.acidispatch.store.CreateOnce;
import dev.acidispatch.store.StorageNames;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DeferredJobs} in Blob Storage: blob {@code <jobId>.json} in container {@value #CONTAINER_NAME} of the app's
 * storage account (the one holding the {@code jobs} queue, with the same access rules).
 */
public final class BlobDeferredJobs implements DeferredJobs {
    public static final String CONTAINER_NAME = "deferred-jobs";
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final BlobContainerClient container;
    private final CreateOnce containerCreated;

    public BlobDeferredJobs(BlobServiceClient service) {
        this(service, CONTAINER_NAME);
    }

    /** @param containerName 3–63 lowercase letters, digits or single inner hyphens; created on first use */
    public BlobDeferredJobs(BlobServiceClient service, String containerName) {
        Objects.requireNonNull(service, "service");
        StorageNames.requireContainerName(containerName);
        this.container = service.getBlobContainerClient(containerName);
        this.containerCreated = CreateOnce.blobContainer(container);
    }

    public static String blobName(String jobId) {
        return requireJobId(jobId) + ".json";
    }

    @Override
    public void put(String jobId, String messageText) {
        Objects.requireNonNull(messageText, "messageText");
        String name = blobName(jobId);
        BinaryData content = BinaryData.fromBytes(messageText.getBytes(StandardCharsets.UTF_8));
        containerCreated.call(() -> container.getBlobClient(name).uploadWithResponse(new BlobParallelUploadOptions(content)
                .setHeaders(new BlobHttpHeaders().setContentType(CONTENT_TYPE)), null, Context.NONE));
    }

    @Override
    public Optional<String> get(String jobId) {
        String name = blobName(jobId);
        return containerCreated.call(() -> {
            try {
                return Optional.of(new String(container.getBlobClient(name).downloadContent().toBytes(),
                        StandardCharsets.UTF_8));
            } catch (BlobStorageException e) {
                if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(String jobId) {
        String name = blobName(jobId);
        containerCreated.call(() -> container.getBlobClient(name).deleteIfExistsWithResponse(
                DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE));
    }

    static String requireJobId(String jobId) {
        if (!JobNames.isValidJobId(jobId)) {
            throw new IllegalArgumentException("The value for jobId must match " + JobLimits.JOB_ID_PATTERN + ", was '"
                    + jobId + "'.");
        }
        return jobId;
    }

}
