package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container that runs alongside the job in the same group. The job is the main container: when it terminates, the
 * job ends with its exit code and the sidecars are stopped with the group. Its cpu and memory are the sidecar's own
 * and count toward the group's size and admission. {@link #toString()} hides secure values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "image", "command", "cpu", "memoryGb", "env", "secureEnv"})
public record Sidecar(String name, String image, List<String> command, Double cpu, Double memoryGb,
                      Map<String, String> env, Map<String, SecretValue> secureEnv) implements ExtraContainer {
    public Sidecar {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secureEnv = secureEnv == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(secureEnv));
    }

    @Override
    public String toString() {
        return "Sidecar[name=" + name + ", image=" + image + ", command=" + command + ", cpu=" + cpu + ", memoryGb="
                + memoryGb + ", env=" + env + ", secureEnv=" + JobMessage.redacted(secureEnv) + "]";
    }
}
