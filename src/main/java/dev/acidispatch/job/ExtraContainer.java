package dev.acidispatch.job;

import java.util.List;
import java.util.Map;

/**
 * A container a job declares beside its own: an {@link InitContainer} or a {@link Sidecar}. Either may leave out its
 * command and variables; these give them empty instead.
 */
public interface ExtraContainer {
    String name();

    String image();

    List<String> command();

    Map<String, String> env();

    Map<String, SecretValue> secureEnv();

    default List<String> commandOrEmpty() {
        return command() == null ? List.of() : command();
    }

    default Map<String, String> envOrEmpty() {
        return env() == null ? Map.of() : env();
    }

    default Map<String, SecretValue> secureEnvOrEmpty() {
        return secureEnv() == null ? Map.of() : secureEnv();
    }
}
