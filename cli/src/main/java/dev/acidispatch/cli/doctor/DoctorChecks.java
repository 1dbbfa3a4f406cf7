package dev.acidispatch.cli.doctor;

import java.util.List;

/** The checks {@code dispatchctl doctor} runs, in order. Add a check by adding its class here. */
public final class DoctorChecks {
    public static final List<DoctorCheck> ALL = List.of(new HttpsOnlyCheck());

    private DoctorChecks() {
    }
}
