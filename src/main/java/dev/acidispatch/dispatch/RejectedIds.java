package dev.acidispatch.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.job.JobNames;
import dev.acidispatch.json.Json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id under which a rejected message is recorded, so its errors can be looked up: the message's own jobId when it
 * is well-formed, otherwise {@code rejected-} plus a digest of the bytes (the same message redelivered maps to the same
 * record, and nothing of the message itself, which may hold secrets, is stored).
 */
public final class RejectedIds {
    private RejectedIds() {
    }

    public static String forMessage(byte[] message) {
        try {
            JsonNode id = Json.MAPPER.readTree(message).path("jobId");
            if (id.isTextual() && JobNames.isValidJobId(id.asText())) {
                return id.asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not JSON at all: fall through to the digest.
        }
        return "rejected-" + digest(message);
    }

    private static String digest(byte[] message) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
            return HexFormat.of().formatHex(hash, 0, 15);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
