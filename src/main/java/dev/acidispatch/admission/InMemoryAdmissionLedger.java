package dev.acidispatch.admission;

import dev.acidispatch.admission.LedgerRules.Change;

import java.util.function.Function;

/** An {@link AdmissionLedger} in one process's memory, with the same rules as the table ledger. */
public final class InMemoryAdmissionLedger extends StateLedger {
    private Snapshot state = Snapshot.EMPTY;

    public InMemoryAdmissionLedger(AdmissionLimits limits) {
        super(limits);
    }

    @Override
    synchronized <T> T modify(Function<Snapshot, Change<T>> change) {
        Change<T> result = change.apply(state);
        state = result.next();
        return result.result();
    }

    @Override
    public synchronized Snapshot snapshot() {
        return state;
    }
}
