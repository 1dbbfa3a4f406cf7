package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * The group's {@code volumes}, each mounted in every container: a name, an absolute mount path and exactly one kind
 * ({@code azureFile}, {@code emptyDir}, {@code secret}). The storage account key and the secret files are secrets
 * (values or Key Vault references). Bounds follow ACI: at most 20 volumes per group, unique names (ACI refuses
 * duplicates with {@code DuplicateVolumes}, seen in kubeflow/pipelines#8318), mount paths without ':'.
 */
final class VolumeRules implements FieldRules {
    static final List<String> VOLUME_FIELDS = List.of("name", "mountPath", "readOnly", Volume.AZURE_FILE,
            Volume.EMPTY_DIR, Volume.SECRET);
    static final List<String> KINDS = List.of(Volume.AZURE_FILE, Volume.EMPTY_DIR, Volume.SECRET);
    static final List<String> AZURE_FILE_FIELDS = List.of("shareName", "storageAccountName", "storageAccountKey");
    private static final Pattern NAME = Pattern.compile(JobLimits.CONTAINER_NAME_PATTERN);
    private static final Pattern MOUNT_PATH = Pattern.compile(JobLimits.MOUNT_PATH_PATTERN);
    private static final Pattern SHARE_NAME = Pattern.compile(JobLimits.SHARE_NAME_PATTERN);
    private static final Pattern STORAGE_ACCOUNT = Pattern.compile(JobLimits.STORAGE_ACCOUNT_NAME_PATTERN);
    private static final Pattern SECRET_FILE = Pattern.compile(JobLimits.SECRET_FILE_NAME_PATTERN);
    private static final String EXAMPLE = "{\"name\": \"scratch\", \"mountPath\": \"/mnt/scratch\", \"emptyDir\": {}}";

    private final SecretChecks secrets;

    VolumeRules(SecretChecks secrets) {
        this.secrets = secrets;
    }

    @Override
    public List<String> fields() {
        return List.of("volumes");
    }

    @Override
    public void check(MessageFields message) {
        JsonNode volumes = message.get("volumes");
        if (volumes == null) {
            return;
        }
        if (volumes.isNull() || !volumes.isArray()) {
            message.error("$.volumes", (volumes.isNull() ? "must not be null; omit the field for no volumes"
                    : "must be an array of volumes, got " + kind(volumes)) + ", e.g. [" + EXAMPLE + "]");
            return;
        }
        if (volumes.size() > JobLimits.MAX_VOLUMES) {
            message.error("$.volumes", "has " + volumes.size() + " volumes; ACI allows at most " + JobLimits.MAX_VOLUMES
                    + " per container group");
        }
        Set<String> names = new HashSet<>();
        Set<String> mountPaths = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            volume(message, volumes.get(i), JsonPaths.index("$.volumes", i), names, mountPaths);
        }
    }

    private void volume(MessageFields message, JsonNode node, String path, Set<String> names, Set<String> mountPaths) {
        if (!node.isObject()) {
            message.error(path, "must be a JSON object, got " + kind(node) + ", e.g. " + EXAMPLE);
            return;
        }
        ObjectNode volume = (ObjectNode) node;
        message.unknownFields(volume, path, VOLUME_FIELDS);
        JsonNode name = volume.get("name");
        String namePath = JsonPaths.child(path, "name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            message.error(namePath, (name == null ? "required" : (name.isTextual() ? quote(name.asText()) : kind(name))
                    + " is not a valid volume name") + "; use 1-" + JobLimits.MAX_CONTAINER_NAME_LENGTH
                    + " lowercase letters, digits and hyphens, starting and ending with a letter or digit, e.g. "
                    + "\"scratch\"");
        } else if (!names.add(name.asText())) {
            message.error(namePath, quote(name.asText()) + " names an earlier volume too; ACI refuses duplicate "
                    + "volume names (DuplicateVolumes): give each volume its own name");
        }
        JsonNode mountPath = volume.get("mountPath");
        String mountPathPath = JsonPaths.child(path, "mountPath");
        if (mountPath == null || !mountPath.isTextual() || !MOUNT_PATH.matcher(mountPath.asText()).matches()
                || mountPath.asText().length() > JobLimits.MAX_MOUNT_PATH_LENGTH) {
            message.error(mountPathPath, (mountPath == null ? "required"
                    : (mountPath.isTextual() ? quote(mountPath.asText()) : kind(mountPath))
                    + " is not a mount path") + "; give an absolute path in the container without ':' (ACI refuses "
                    + "colons in mount paths), not '/' itself, at most " + JobLimits.MAX_MOUNT_PATH_LENGTH
                    + " characters, e.g. \"/mnt/scratch\"");
        } else if (!mountPaths.add(withoutTrailingSlash(mountPath.asText()))) {
            message.error(mountPathPath, quote(mountPath.asText()) + " is the mount path of an earlier volume too; "
                    + "mount each volume at its own path");
        }
        message.bool(volume, "readOnly", JsonPaths.child(path, "readOnly"));
        List<String> kinds = KINDS.stream().filter(volume::has).toList();
        if (kinds.size() != 1) {
            message.error(path, (kinds.isEmpty() ? "has no kind" : "has " + String.join(" and ", kinds))
                    + "; give exactly one of azureFile {shareName, storageAccountName, storageAccountKey}, "
                    + "emptyDir {} or secret {<file name>: <content>}");
        }
        if (volume.has(Volume.AZURE_FILE)) {
            azureFile(message, volume.get(Volume.AZURE_FILE), JsonPaths.child(path, Volume.AZURE_FILE));
        }
        if (volume.has(Volume.EMPTY_DIR)) {
            JsonNode emptyDir = volume.get(Volume.EMPTY_DIR);
            if (!emptyDir.isObject() || !emptyDir.isEmpty()) {
                message.error(JsonPaths.child(path, Volume.EMPTY_DIR), "must be an empty object {}, got "
                        + (emptyDir.isObject() ? "an object with fields" : kind(emptyDir))
                        + " (ACI's emptyDir volume has no settings)");
            }
        }
        if (volume.has(Volume.SECRET)) {
            secret(message, volume.get(Volume.SECRET), JsonPaths.child(path, Volume.SECRET));
        }
    }

    private void azureFile(MessageFields message, JsonNode node, String path) {
        if (!node.isObject()) {
            message.error(path, "must be a JSON object {shareName, storageAccountName, storageAccountKey}, got "
                    + kind(node));
            return;
        }
        ObjectNode azureFile = (ObjectNode) node;
        message.unknownFields(azureFile, path, AZURE_FILE_FIELDS);
        JsonNode share = azureFile.get("shareName");
        if (share == null || !share.isTextual() || !SHARE_NAME.matcher(share.asText()).matches()
                || share.asText().length() < JobLimits.MIN_SHARE_NAME_LENGTH
                || share.asText().length() > JobLimits.MAX_SHARE_NAME_LENGTH) {
            message.error(JsonPaths.child(path, "shareName"), (share == null ? "required"
                    : (share.isTextual() ? quote(share.asText()) : kind(share)) + " is not an Azure Files share name")
                    + "; share names are 3-63 lowercase letters, digits and single hyphens, starting and ending with "
                    + "a letter or digit, e.g. \"input-data\"");
        }
        JsonNode account = azureFile.get("storageAccountName");
        if (account == null || !account.isTextual() || !STORAGE_ACCOUNT.matcher(account.asText()).matches()) {
            message.error(JsonPaths.child(path, "storageAccountName"), (account == null ? "required"
                    : (account.isTextual() ? quote(account.asText()) : kind(account))
                    + " is not a storage account name") + "; storage account names are 3-24 lowercase letters and "
                    + "digits, e.g. \"mydatastore\"");
        }
        String keyPath = JsonPaths.child(path, "storageAccountKey");
        if (!azureFile.has("storageAccountKey")) {
            message.error(keyPath, "required; ACI mounts Azure Files shares with the account key: give it, or "
                    + "keep it in Key Vault and reference it: {\"keyVaultSecret\": {\"vaultId\": ..., \"name\": ...}}");
        } else {
            secrets.check(message, azureFile.get("storageAccountKey"), keyPath,
                    JobLimits.MAX_STORAGE_ACCOUNT_KEY_LENGTH, false);
        }
    }

    private void secret(MessageFields message, JsonNode node, String path) {
        if (!node.isObject()) {
            message.error(path, "must be a JSON object of file name to content, e.g. {\"settings.json\": \"{...}\"}, "
                    + "got " + kind(node));
            return;
        }
        if (node.isEmpty()) {
            message.error(path, "has no files; give at least one file name and its content, e.g. "
                    + "{\"token\": \"...\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            String filePath = JsonPaths.child(path, file.getKey());
            if (!SECRET_FILE.matcher(file.getKey()).matches()) {
                message.error(filePath, "is not a valid file name; use letters, digits, '.', '_' and '-', not "
                        + "starting with '.' and without '/', at most 255 characters, e.g. \"token.txt\"");
            }
            secrets.check(message, file.getValue(), filePath, JobLimits.MAX_SECRET_FILE_CHARS, true);
        }
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }
}
