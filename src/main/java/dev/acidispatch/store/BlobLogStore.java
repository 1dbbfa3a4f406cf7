package dev.acidispatch.store;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LogStore} on Blob Storage: blob {@code <jobId>.log} in container {@value #CONTAINER_NAME}, UTF-8
 * {@code text/plain}, so logs can also be read with {@code az storage blob download} or the portal.
 */
public final class BlobLogStore implements LogStore {
    public static final String CONTAINER_NAME = "job-logs";
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private final BlobContainerClient container;
    private final CreateOnce containerCreated;

    /** A store on the container {@value #CONTAINER_NAME}. */
    public BlobLogStore(BlobServiceClient service) {
        this(service, CONTAINER_NAME);
    }

    /** @param containerName the container (3–63 lowercase letters, digits, single hyphens); created on first use */
    public BlobLogStore(BlobServiceClient service, String containerName) {
        Objects.requireNonNull(service, "service");
        StorageNames.requireContainerName(containerName);
        this.container = service.getBlobContainerClient(containerName);
        this.containerCreated = CreateOnce.blobContainer(container);
    }

    /** The blob name for a job's logs. */
    public static String blobName(String jobId) {
        return JobIds.require(jobId) + ".log";
    }

    @Override
    public void put(String jobId, String text) {
        Objects.requireNonNull(text, "text");
        String name = blobName(jobId);
        BinaryData content = BinaryData.fromBytes(text.getBytes(StandardCharsets.UTF_8));
        containerCreated.run(() -> container.getBlobClient(name).uploadWithResponse(
                new BlobParallelUploadOptions(content).setHeaders(new BlobHttpHeaders().setContentType(CONTENT_TYPE)),
                null, Context.NONE));
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
}
