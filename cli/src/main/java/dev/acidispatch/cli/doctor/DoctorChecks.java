package dev.acidispatch.cli.doctor;

import java.util.List;

/** The checks {@code dispatchctl doctor} runs, in order. Add a check by adding its class here. */
public final class DoctorChecks {
    public static final List<DoctorCheck> ALL = List.of(
            new SettingsCheck(),
            new StorageCheck(),
            new ArmCredentialCheck(),
            new PermissionsCheck(),
            new QuotaCheck(),
            new TemplatesCheck(),
            new RegistryCheck(),
            new HttpsOnlyCheck(),
            new FunctionKeysCheck());

    private DoctorChecks() {
    }
}
