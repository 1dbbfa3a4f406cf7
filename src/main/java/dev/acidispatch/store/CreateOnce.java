package dev.acidispatch.store;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Creates a table, queue or container the first time it is needed and remembers that it did. If an operation later
 * finds the resource missing (deleted, or an emulator restarted without persistence) it creates it again and retries
 * once, so a long-lived client heals instead of failing forever.
 */
public final class CreateOnce {
    private final Runnable create;
    private final Predicate<RuntimeException> isResourceMissing;
    private volatile boolean created;

    /** A table, created on first use and again if it goes missing. */
    public static CreateOnce table(TableServiceClient service, String tableName) {
        return new CreateOnce(() -> service.createTableIfNotExists(tableName), CreateOnce::isTableMissing);
    }

    /** A blob container, created on first use and again if it goes missing. */
    public static CreateOnce blobContainer(BlobContainerClient container) {
        return new CreateOnce(container::createIfNotExists,
                e -> e instanceof BlobStorageException b && BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode()));
    }

    /** Whether a table operation failed because the table itself is gone (not merely the entity). */
    public static boolean isTableMissing(RuntimeException e) {
        return e instanceof TableServiceException tse && tse.getResponse().getStatusCode() == 404
                && tse.getValue() != null && TableErrorCode.TABLE_NOT_FOUND.equals(tse.getValue().getErrorCode());
    }

    CreateOnce(Runnable create, Predicate<RuntimeException> isResourceMissing) {
        this.create = Objects.requireNonNull(create, "create");
        this.isResourceMissing = Objects.requireNonNull(isResourceMissing, "isResourceMissing");
    }

    public void ensure() {
        if (!created) {
            synchronized (this) {
                if (!created) {
                    create.run();
                    created = true;
                }
            }
        }
    }

    public <T> T call(Supplier<T> operation) {
        ensure();
        try {
            return operation.get();
        } catch (RuntimeException e) {
            if (!isResourceMissing.test(e)) {
                throw e;
            }
            created = false;
            ensure();
            return operation.get();
        }
    }

    public void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
