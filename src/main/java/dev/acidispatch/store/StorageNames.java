package dev.acidispatch.store;

import java.util.regex.Pattern;

/** Azure Storage's naming rules, checked once at construction so a bad name fails with the rule, not a 400 later. */
public final class StorageNames {
    private static final Pattern TABLE = Pattern.compile("^[A-Za-z][A-Za-z0-9]{2,62}$");
    /** Blob containers and queues share a rule. */
    private static final Pattern CONTAINER_OR_QUEUE = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");

    private StorageNames() {
    }

    public static String requireTableName(String tableName) {
        return require(TABLE, tableName, "tableName", "3 to 63 letters or digits starting with a letter");
    }

    public static String requireContainerName(String containerName) {
        return require(CONTAINER_OR_QUEUE, containerName, "containerName",
                "3 to 63 lowercase letters, digits or single inner hyphens");
    }

    public static String requireQueueName(String queueName) {
        return require(CONTAINER_OR_QUEUE, queueName, "name", "3 to 63 lowercase letters, digits or single inner hyphens");
    }

    private static String require(Pattern rule, String value, String field, String expected) {
        if (value == null || !rule.matcher(value).matches()) {
            throw new IllegalArgumentException("The value for " + field + " must be " + expected + ", was '" + value + "'.");
        }
        return value;
    }
}
