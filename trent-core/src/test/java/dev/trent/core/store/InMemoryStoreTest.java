package dev.trent.core.store;

/** The reference store passes the contract too, so the contract itself is known to be right. */
class InMemoryStoreTest extends StoreContract {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }

    @Override
    protected Store reopen(Store closed) {
        return closed; // memory only: the same instance is the "reopened" store
    }
}
