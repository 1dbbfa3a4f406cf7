package dev.acidispatch.store;

import dev.acidispatch.job.JobNames;
import dev.acidispatch.job.JobRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The order of job lists, newest first, as one string per record that sorts ascending: the creation time in
 * milliseconds subtracted from {@link Long#MAX_VALUE}, as 19 digits, then {@code -} and the job id (which breaks ties).
 * Table Storage returns the entities of a partition in ascending RowKey order ("Table service data model": entities
 * are sorted by PartitionKey, then RowKey), so a RowKey range over these keys reads newest first without sorting.
 */
final class JobOrder {
    private static final Pattern KEY = Pattern.compile("^\\d{19}-[a-z0-9-]{1,40}$");
    private static final String TOKEN_VERSION = "1:";

    private JobOrder() {
    }

    /** The record's position: earlier-created records sort after later ones. */
    static String keyOf(JobRecord record) {
        return timePart(record.createdAt()) + "-" + record.jobId();
    }

    /**
     * The first position after every record created at or after {@code since}: a key below it is a record created in
     * {@code since}'s millisecond or later. ({@code .} sorts after {@code -}, and every key has {@code -} there.)
     */
    static String boundAfter(Instant since) {
        return timePart(since) + ".";
    }

    private static String timePart(Instant at) {
        return String.format("%019d", Long.MAX_VALUE - at.toEpochMilli());
    }

    /** The continuation token that resumes after {@code key}: opaque to callers (base64url of a versioned key). */
    static String tokenAfter(String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_VERSION + key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a token resumes after.
     *
     * @throws IllegalArgumentException naming the parameter when the token is not one this store handed out
     */
    static String positionOf(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
        if (!decoded.startsWith(TOKEN_VERSION)) {
            throw invalidToken();
        }
        String key = decoded.substring(TOKEN_VERSION.length());
        if (!KEY.matcher(key).matches() || !JobNames.isValidJobId(key.substring(20))) {
            throw invalidToken();
        }
        return key;
    }

    private static IllegalArgumentException invalidToken() {
        return new IllegalArgumentException("continuationToken: not a token this API handed out; pass the "
                + "continuationToken of the previous page unchanged, or leave it out for the first page");
    }
}
