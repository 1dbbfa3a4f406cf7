package dev.acidispatch.store;

/** The {@link JobStoreContract} against {@link InMemoryJobStore}. */
class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    JobStore newStore(int maxUpdateAttempts) {
        return new InMemoryJobStore(maxUpdateAttempts);
    }
}
