package dev.acidispatch.admission;

class InMemoryAdmissionLedgerTest extends AdmissionLedgerContract {
    @Override
    AdmissionLedger newLedger(AdmissionLimits limits) {
        return new InMemoryAdmissionLedger(limits);
    }
}
