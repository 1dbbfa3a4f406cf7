package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container that runs to completion before the job starts; init containers run one after another, in order. An
 * init container that fails ends the job FAILED with its exit code. ACI gives init containers the group's resources
 * ("You don't specify resources for init containers", container-instances-init-container), so there is no cpu or
 * memory here. {@link #toString()} hides secure values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "image", "command", "env", "secureEnv"})
public record InitContainer(String name, String image, List<String> command, Map<String, String> env,
                            Map<String, SecretValue> secureEnv) implements ExtraContainer {
    public InitContainer {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secureEnv = secureEnv == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(secureEnv));
    }

    @Override
    public String toString() {
        return "InitContainer[name=" + name + ", image=" + image + ", command=" + command + ", env=" + env
                + ", secureEnv=" + JobMessage.redacted(secureEnv) + "]";
    }
}
