package dev.acidispatch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job that runs on a cron schedule. Each occurrence becomes a job with the deterministic id
 * {@code <name>-<yyyyMMddHHmm>} of its scheduled time in UTC, so a timer firing twice, or two hosts polling at once,
 * still start it once (the job record's creation is the dedupe point).
 *
 * @param name          {@value #NAME_PATTERN}: at most 27 characters, so the job id fits the 40-character limit
 * @param cron          five-field UNIX cron in UTC, see {@link ScheduleCron}
 * @param jobTemplate   the job message as a JSON object, without {@code jobId} (the schedule provides it); it may hold
 *                      secrets, so it is stored only in the app's storage account and never printed
 * @param jitterSeconds each occurrence starts up to this many seconds late, by an amount derived from its job id
 *                      (the same on every host and every replay)
 * @param catchUp       what to do with occurrences missed during downtime
 * @param createdAt     occurrences before this are never run
 * @param lastFiredFor  the latest occurrence handled (run or skipped), or null
 * @param overlap       what an occurrence does while the previous run is still active ({@link OverlapPolicy#SKIP} when
 *                      stored before the policy existed)
 * @param lastRunJobId  the job id of the latest occurrence that started, or null
 * @param lastSkip      the latest occurrence skipped for overlap and why ("&lt;instant&gt; &lt;reason&gt;"), or null
 */
public record Schedule(String name, String cron, String jobTemplate, int jitterSeconds, CatchUp catchUp,
                       Instant createdAt, Instant lastFiredFor, OverlapPolicy overlap, String lastRunJobId,
                       String lastSkip) {
    public static final String NAME_PATTERN = "^[a-z0-9]([a-z0-9-]{0,25}[a-z0-9])?$";
    public static final int MAX_JITTER_SECONDS = 3600;
    /** A table string property holds 64 KiB of UTF-16. */
    public static final int MAX_TEMPLATE_CHARS = 32_000;
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final DateTimeFormatter OCCURRENCE = DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    public Schedule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' is not a valid schedule name; use 1 to 27"
                    + " lowercase letters, digits and hyphens, starting and ending with a letter or digit");
        }
        cron = ScheduleCron.parse(cron).expression();
        jobTemplate = normalizeTemplate(jobTemplate);
        if (jitterSeconds < 0 || jitterSeconds > MAX_JITTER_SECONDS) {
            throw new IllegalArgumentException("jitterSeconds: " + jitterSeconds + " is out of range; use 0 to "
                    + MAX_JITTER_SECONDS);
        }
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(createdAt, "createdAt");
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
    }

    /** A schedule with the default overlap policy (skip) and no run or skip recorded. */
    public Schedule(String name, String cron, String jobTemplate, int jitterSeconds, CatchUp catchUp,
                    Instant createdAt, Instant lastFiredFor) {
        this(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, lastFiredFor, OverlapPolicy.SKIP, null, null);
    }

    /** A new schedule with an overlap policy that has not fired yet. */
    public static Schedule create(String name, String cron, String jobTemplate, int jitterSeconds, CatchUp catchUp,
                                  OverlapPolicy overlap, Instant createdAt) {
        return new Schedule(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, null, overlap, null, null);
    }

    /** The same schedule with {@code jobId} as its latest started run (a later occurrence's id sorts later). */
    public Schedule startedRun(String jobId) {
        if (lastRunJobId != null && jobId.compareTo(lastRunJobId) <= 0) {
            return this;
        }
        return new Schedule(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, lastFiredFor, overlap, jobId,
                lastSkip);
    }

    /** The same schedule with {@code note} ("&lt;occurrence&gt; &lt;reason&gt;") as its latest skip. */
    public Schedule skipped(String note) {
        if (Objects.equals(note, lastSkip) || (lastSkip != null && note.compareTo(lastSkip) < 0)) {
            return this;
        }
        return new Schedule(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, lastFiredFor, overlap,
                lastRunJobId, note);
    }

    /** A new schedule that has not fired yet. */
    public static Schedule create(String name, String cron, String jobTemplate, int jitterSeconds, CatchUp catchUp,
                                  Instant createdAt) {
        return new Schedule(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, null);
    }

    public ScheduleCron parsedCron() {
        return ScheduleCron.parse(cron);
    }

    /** The job id of the occurrence scheduled at {@code occurrence}. */
    public String jobIdFor(Instant occurrence) {
        return name + "-" + OCCURRENCE.format(occurrence);
    }

    /** The occurrence's delay, from 0 to {@link #jitterSeconds()}, derived from its job id. */
    public Duration jitterFor(Instant occurrence) {
        if (jitterSeconds == 0) {
            return Duration.ZERO;
        }
        byte[] hash = sha256(jobIdFor(occurrence));
        long value = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
        return Duration.ofSeconds(value % (jitterSeconds + 1L));
    }

    /** The job message for one occurrence: the template with the occurrence's job id. */
    public String messageFor(Instant occurrence) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("jobId", jobIdFor(occurrence));
        message.setAll((ObjectNode) readTemplate(jobTemplate));
        return message.toString();
    }

    /** The same schedule with {@code occurrence} recorded as handled (never moves backwards). */
    public Schedule firedFor(Instant occurrence) {
        if (lastFiredFor != null && !occurrence.isAfter(lastFiredFor)) {
            return this;
        }
        return new Schedule(name, cron, jobTemplate, jitterSeconds, catchUp, createdAt, occurrence, overlap,
                lastRunJobId, lastSkip);
    }

    /** Shows no template: it may hold secrets. */
    @Override
    public String toString() {
        return "Schedule[name=" + name + ", cron=" + cron + ", jitterSeconds=" + jitterSeconds + ", catchUp="
                + catchUp.id() + ", createdAt=" + createdAt + ", lastFiredFor=" + lastFiredFor + ", overlap="
                + overlap.id() + ", lastRunJobId=" + lastRunJobId + ", lastSkip=" + lastSkip + "]";
    }

    private static String normalizeTemplate(String text) {
        JsonNode node = readTemplate(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("jobTemplate: must be a JSON object (a job message without jobId), was "
                    + node.getNodeType().toString().toLowerCase());
        }
        if (node.has("jobId")) {
            throw new IllegalArgumentException("jobTemplate.jobId: must be absent; each occurrence gets the id"
                    + " <schedule name>-<yyyyMMddHHmm>");
        }
        String compact = node.toString();
        if (compact.length() > MAX_TEMPLATE_CHARS) {
            throw new IllegalArgumentException("jobTemplate: is " + compact.length() + " characters; at most "
                    + MAX_TEMPLATE_CHARS + " (keep large data in blobs and pass a reference)");
        }
        return compact;
    }

    private static JsonNode readTemplate(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("jobTemplate: required; give a job message as a JSON object without jobId");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // The parser's message may quote the text, which may hold secrets: keep only the position.
            throw new IllegalArgumentException("jobTemplate: is not valid JSON"
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")" : ""));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
