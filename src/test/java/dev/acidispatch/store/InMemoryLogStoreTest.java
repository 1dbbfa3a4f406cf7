package dev.acidispatch.store;

class InMemoryLogStoreTest extends LogStoreContract {
    private final InMemoryLogStore store = new InMemoryLogStore();

    @Override
    LogStore store() {
        return store;
    }
}
