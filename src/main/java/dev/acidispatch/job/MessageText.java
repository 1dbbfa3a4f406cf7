package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;

/**
 * A job message kept as its sender wrote it. Defaults are the dispatcher's, resolved where it runs; so a client that
 * submits a message enqueues the text it was given, and adds only the {@code jobId} it generated when the message had
 * none (so the client can report the id the dispatcher will use).
 */
public final class MessageText {
    private MessageText() {
    }

    /**
     * The message with {@code "jobId": jobId} as its first field when it has no top-level jobId, otherwise unchanged,
     * byte for byte.
     *
     * @param validMessage a message that passed {@link JobValidator} (a JSON object; jobId absent or a valid id)
     * @throws IllegalArgumentException when the message has a different jobId
     */
    public static String withJobId(String validMessage, String jobId) {
        if (!JobNames.isValidJobId(jobId)) {
            throw new IllegalArgumentException("The value for jobId must match " + JobLimits.JOB_ID_PATTERN);
        }
        JsonNode root = Json.read(validMessage, JsonNode.class);
        JsonNode existing = root.get("jobId");
        if (existing != null) {
            if (!jobId.equals(existing.asText())) {
                throw new IllegalArgumentException("The message's jobId is '" + existing.asText() + "', not '" + jobId
                        + "'");
            }
            return validMessage;
        }
        int brace = validMessage.indexOf('{');
        // A valid message has at least one field (image), so a comma always follows the inserted one.
        return validMessage.substring(0, brace + 1) + "\"jobId\":" + Json.write(jobId) + ","
                + validMessage.substring(brace + 1);
    }
}
