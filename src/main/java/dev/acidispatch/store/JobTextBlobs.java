package dev.acidispatch.store;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlobParallelUploadOptions;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One UTF-8 text blob per job, {@code <jobId><extension>} in one container created on first use: the storage under
 * the log store and the deferred-job store. Job ids are checked ({@link JobIds#require}) before any request.
 */
public final class JobTextBlobs {
    private final BlobContainerClient container;
    private final CreateOnce containerCreated;
    private final String extension;
    private final String contentType;

    /**
     * @param containerName 3–63 lowercase letters, digits or single inner hyphens
     * @param extension     appended to the job id, e.g. {@code .log}
     * @param contentType   stored with each blob, e.g. {@code text/plain; charset=utf-8}
     */
    public JobTextBlobs(BlobServiceClient service, String containerName, String extension, String contentType) {
        Objects.requireNonNull(service, "service");
        StorageNames.requireContainerName(containerName);
        this.container = service.getBlobContainerClient(containerName);
        this.containerCreated = CreateOnce.blobContainer(container);
        this.extension = Objects.requireNonNull(extension, "extension");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
    }

    private String blobName(String jobId) {
        return JobIds.require(jobId) + extension;
    }

    public void put(String jobId, String text) {
        putNamed(blobName(jobId), text);
    }

    /** Writes a blob whose name the caller built from checked parts (a job id first). */
    void putNamed(String name, String text) {
        Objects.requireNonNull(text, "text");
        BinaryData content = BinaryData.fromBytes(text.getBytes(StandardCharsets.UTF_8));
        containerCreated.run(() -> container.getBlobClient(name).uploadWithResponse(
                new BlobParallelUploadOptions(content).setHeaders(new BlobHttpHeaders().setContentType(contentType)),
                null, Context.NONE));
    }

    public Optional<String> get(String jobId) {
        return getNamed(blobName(jobId));
    }

    /** Reads a blob whose name the caller built from checked parts (a job id first). */
    Optional<String> getNamed(String name) {
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

    public void delete(String jobId) {
        String name = blobName(jobId);
        containerCreated.run(() -> container.getBlobClient(name).deleteIfExistsWithResponse(
                DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE));
    }
}
