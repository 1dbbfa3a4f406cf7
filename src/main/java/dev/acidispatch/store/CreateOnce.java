package dev.acidispatch.store;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Creates a table, queue or container the first time it is needed and remembers that it did. If an operation later
 * finds the resource missing (deleted, or an emulator restarted without persistence) it creates it again and retries
 * once, so a long-lived client heals instead of failing forever.
 */
final class CreateOnce {
    private final Runnable create;
    private final Predicate<RuntimeException> isResourceMissing;
    private volatile boolean created;

    CreateOnce(Runnable create, Predicate<RuntimeException> isResourceMissing) {
        this.create = Objects.requireNonNull(create, "create");
        this.isResourceMissing = Objects.requireNonNull(isResourceMissing, "isResourceMissing");
    }

    void ensure() {
        if (!created) {
            synchronized (this) {
                if (!created) {
                    create.run();
                    created = true;
                }
            }
        }
    }

    <T> T call(Supplier<T> operation) {
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

    void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
