package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A volume of the job's container group, mounted at {@code mountPath} in every container of the group (the job, its
 * init containers and sidecars), like a pod's shared volumes. Exactly one kind: {@code azureFile}, {@code emptyDir}
 * ({@code {}}) or {@code secret} (file name to content). The storage account key and secret file contents are
 * secrets: each travels as its own secure deployment parameter and {@link #toString()} never shows one.
 *
 * @param readOnly null means false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "mountPath", "readOnly", "azureFile", "emptyDir", "secret"})
public record Volume(String name, String mountPath, Boolean readOnly, AzureFileVolume azureFile,
                     Map<String, Object> emptyDir, Map<String, SecretValue> secret) {
    public static final String AZURE_FILE = "azureFile";
    public static final String EMPTY_DIR = "emptyDir";
    public static final String SECRET = "secret";

    public Volume {
        emptyDir = emptyDir == null ? null : Map.of();
        secret = secret == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(secret));
    }

    /** The Azure Files share and the account that holds it; the key is a secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"shareName", "storageAccountName", "storageAccountKey"})
    public record AzureFileVolume(String shareName, String storageAccountName, SecretValue storageAccountKey) {
        @Override
        public String toString() {
            return "AzureFileVolume[shareName=" + shareName + ", storageAccountName=" + storageAccountName
                    + ", storageAccountKey=" + storageAccountKey + "]";
        }
    }

    public static Volume emptyDir(String name, String mountPath) {
        return new Volume(name, mountPath, null, null, Map.of(), null);
    }

    /** {@value #AZURE_FILE}, {@value #EMPTY_DIR} or {@value #SECRET}. */
    @JsonIgnore
    public String kind() {
        return azureFile != null ? AZURE_FILE : emptyDir != null ? EMPTY_DIR : SECRET;
    }

    /** Whether every container mounts it read-only (a null readOnly is false). */
    public boolean mountsReadOnly() {
        return Boolean.TRUE.equals(readOnly);
    }

    @Override
    public String toString() {
        return "Volume[name=" + name + ", mountPath=" + mountPath + ", readOnly=" + readOnly + ", kind=" + kind()
                + (azureFile != null ? ", azureFile=" + azureFile : "")
                + (secret != null ? ", secret=" + secret.keySet().stream().map(f -> f + "=***").toList() : "") + "]";
    }
}
