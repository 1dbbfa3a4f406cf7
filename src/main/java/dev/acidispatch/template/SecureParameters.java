package dev.acidispatch.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.job.InitContainer;
import dev.acidispatch.job.KeyVaultSecretReference;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.SecretValue;
import dev.acidispatch.job.Sidecar;
import dev.acidispatch.job.Volume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every secret of a job, each in its own top-level {@code secureString} deployment parameter with a deterministic
 * name, so the same job always renders the same bytes and no secret ever enters the template text:
 * <ul>
 *   <li>{@code secureEnv<n>}: the job container's secure environment values;</li>
 *   <li>{@code initContainer<i>SecureEnv<n>}, {@code sidecar<i>SecureEnv<n>}: theirs;</li>
 *   <li>{@code volume<i>StorageAccountKey}: an Azure Files volume's account key;</li>
 *   <li>{@code volume<i>SecretFile<n>}: a secret volume's files;</li>
 *   <li>{@code registryPassword}: declared by the renderer (or the template) even without a password.</li>
 * </ul>
 * {@code i} is the entry's position in its list and {@code n} the position of the variable or file name in ordinal
 * (case-sensitive) order: ARM parameter names are case-insensitive, so {@code FOO} and {@code foo} must not share a
 * name. Top-level because ARM evaluates strings nested inside object parameter values as expressions
 * (Azure/bicep#9173), so a secret such as {@code [x]} inside a secureObject would fail or be evaluated.
 *
 * <p>A secret given as a value travels as {@code {"value": ...}}; a Key Vault reference as ARM's deployment-parameter
 * reference {@code {"reference": {"keyVault": {"id"}, "secretName", "secretVersion"?}}}, resolved by ARM at deployment
 * time (key-vault-parameter, ARM docs). Secret volume files must reach ACI base64-encoded (ACI's secret volume
 * "consisting of two Base64-encoded secrets", container-instances-volume-secret): the dispatcher encodes a given value
 * itself, and wraps a Key Vault reference in ARM's {@code base64()} since it never sees that value.
 */
final class SecureParameters {
    static final String SECURE_ENV_PREFIX = "secureEnv";
    static final String REGISTRY_PASSWORD = "registryPassword";
    /** Every name this class generates (the template may not declare them; registryPassword aside). */
    static final Pattern GENERATED = Pattern.compile("(" + SECURE_ENV_PREFIX + "|initContainer[0-9]+SecureEnv"
            + "|sidecar[0-9]+SecureEnv|volume[0-9]+SecretFile)[0-9]+|volume[0-9]+StorageAccountKey",
            Pattern.CASE_INSENSITIVE);

    /** One secret and its parameter. */
    record Parameter(String name, SecretValue secret, boolean base64) {
        /** The template expression that reads it where the secret belongs. */
        ArmExpression reference() {
            return base64 && secret.isKeyVaultReference() ? ArmExpression.base64Parameter(name)
                    : ArmExpression.parameter(name);
        }

        /** The deployment body's entry: {"value": ...} or {"reference": {...}}. */
        void writeValue(ObjectNode parameters) {
            ObjectNode entry = parameters.putObject(name);
            if (secret.isKeyVaultReference()) {
                KeyVaultSecretReference ref = secret.keyVaultSecret().orElseThrow();
                ObjectNode reference = entry.putObject("reference");
                reference.putObject("keyVault").put("id", ref.vaultId());
                reference.put("secretName", ref.name());
                if (ref.version() != null) {
                    reference.put("secretVersion", ref.version());
                }
            } else {
                String value = secret.value().orElseThrow();
                entry.put("value", base64 ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                        : value);
            }
        }
    }

    private final Map<String, String> jobSecureEnv;
    private final List<Map<String, String>> initSecureEnv = new ArrayList<>();
    private final List<Map<String, String>> sidecarSecureEnv = new ArrayList<>();
    private final Map<Integer, String> storageKeys = new LinkedHashMap<>();
    private final List<Map<String, String>> secretFiles = new ArrayList<>();
    private final Parameter registryPassword;
    private final List<Parameter> all = new ArrayList<>();

    private SecureParameters(ResolvedJob job) {
        jobSecureEnv = numbered(SECURE_ENV_PREFIX, job.secureEnv(), false);
        for (int i = 0; i < job.initContainers().size(); i++) {
            InitContainer init = job.initContainers().get(i);
            initSecureEnv.add(numbered("initContainer" + i + "SecureEnv", init.secureEnvOrEmpty(), false));
        }
        for (int i = 0; i < job.sidecars().size(); i++) {
            Sidecar sidecar = job.sidecars().get(i);
            sidecarSecureEnv.add(numbered("sidecar" + i + "SecureEnv", sidecar.secureEnvOrEmpty(), false));
        }
        for (int i = 0; i < job.volumes().size(); i++) {
            Volume volume = job.volumes().get(i);
            if (volume.azureFile() != null && volume.azureFile().storageAccountKey() != null) {
                String name = "volume" + i + "StorageAccountKey";
                all.add(new Parameter(name, volume.azureFile().storageAccountKey(), false));
                storageKeys.put(i, name);
            }
            secretFiles.add(volume.secret() == null ? Map.of()
                    : numbered("volume" + i + "SecretFile", volume.secret(), true));
        }
        registryPassword = job.registry().flatMap(r -> java.util.Optional.ofNullable(r.password()))
                .map(password -> new Parameter(REGISTRY_PASSWORD, password, false)).orElse(null);
    }

    static SecureParameters of(ResolvedJob job) {
        return new SecureParameters(job);
    }

    /** Names each secret {@code prefix<n>}, n by ordinal order of its key; returns key to parameter name. */
    private Map<String, String> numbered(String prefix, Map<String, SecretValue> secrets, boolean base64) {
        List<String> keys = new ArrayList<>(secrets.keySet());
        Collections.sort(keys);
        Map<String, String> names = new LinkedHashMap<>();
        for (int n = 0; n < keys.size(); n++) {
            String name = prefix + n;
            names.put(keys.get(n), name);
            all.add(new Parameter(name, secrets.get(keys.get(n)), base64));
        }
        return names;
    }

    /** The job container's secure env variable name to its parameter name, in ordinal order of the names. */
    Map<String, String> jobSecureEnv() {
        return jobSecureEnv;
    }

    Map<String, String> initContainerSecureEnv(int index) {
        return initSecureEnv.get(index);
    }

    Map<String, String> sidecarSecureEnv(int index) {
        return sidecarSecureEnv.get(index);
    }

    /** The parameter of volume {@code index}'s storage account key, or null. */
    String storageAccountKey(int index) {
        return storageKeys.get(index);
    }

    /** Volume {@code index}'s secret file name to its parameter. */
    Map<String, String> secretFiles(int index) {
        return secretFiles.get(index);
    }

    /** The parameter with this name (one generated here, or registryPassword). */
    Parameter parameter(String name) {
        if (registryPassword != null && registryPassword.name().equals(name)) {
            return registryPassword;
        }
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No secure parameter " + name));
    }

    /** Every generated parameter (registryPassword excluded: the renderer declares it on its own terms). */
    List<Parameter> generated() {
        return List.copyOf(all);
    }

    /** The registry password, if the job has one. */
    java.util.Optional<Parameter> registryPassword() {
        return java.util.Optional.ofNullable(registryPassword);
    }
}
