package dev.acidispatch.local.up;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The parts of the app's {@code host.json} the local host honours: the queue trigger's options and the function
 * timeout. The file is the one deployed (copied into the CLI jar at build time), so local and Azure behaviour come from
 * the same settings. Absent options take the host's documented defaults (QueuesOptions in
 * Microsoft.Azure.WebJobs.Extensions.Storage.Queues: batchSize 16, newBatchThreshold batchSize/2, maxDequeueCount 5,
 * visibilityTimeout 0, maxPollingInterval 1 minute).
 */
public record HostJson(QueueOptions queues, Duration functionTimeout) {
    /** Where the build puts the app's host.json on the CLI's class path. */
    static final String RESOURCE = "/dev/acidispatch/local/up/host.json";

    public HostJson {
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(functionTimeout, "functionTimeout");
    }

    /**
     * The queue trigger's options ({@code extensions.queues}).
     *
     * @param batchSize          messages fetched at once (1-32)
     * @param newBatchThreshold  a new batch is fetched once no more than this many are in flight
     * @param maxDequeueCount    deliveries before a failing message moves to {@code <queue>-poison}
     * @param visibilityTimeout  how long a failed message stays invisible before its retry
     * @param maxPollingInterval the longest wait between polls of an empty queue
     */
    public record QueueOptions(int batchSize, int newBatchThreshold, int maxDequeueCount, Duration visibilityTimeout,
                               Duration maxPollingInterval) {
        /** The host's lower bound for polling an empty queue (QueuePollingIntervals.Minimum). */
        public static final Duration MIN_POLLING_INTERVAL = Duration.ofMillis(100);

        public QueueOptions {
            if (batchSize < 1 || batchSize > 32) {
                throw new IllegalArgumentException("host.json extensions.queues.batchSize must be from 1 to 32, was "
                        + batchSize);
            }
            if (newBatchThreshold < 0) {
                throw new IllegalArgumentException("host.json extensions.queues.newBatchThreshold must not be negative, was "
                        + newBatchThreshold);
            }
            if (maxDequeueCount < 1) {
                throw new IllegalArgumentException("host.json extensions.queues.maxDequeueCount must be at least 1, was "
                        + maxDequeueCount);
            }
            Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
            if (maxPollingInterval.compareTo(MIN_POLLING_INTERVAL) < 0) {
                throw new IllegalArgumentException("host.json extensions.queues.maxPollingInterval must be at least 100 ms,"
                        + " was " + maxPollingInterval);
            }
        }

        /** The most messages in flight at once: batchSize + newBatchThreshold (QueuesOptions.BatchSize remarks). */
        public int maxConcurrency() {
            return batchSize + newBatchThreshold;
        }

        /** The same options with a shorter ceiling on the empty-queue back-off. */
        public QueueOptions withMaxPollingInterval(Duration max) {
            return new QueueOptions(batchSize, newBatchThreshold, maxDequeueCount, visibilityTimeout, max);
        }
    }

    /** The app's host.json as the build copied it next to the CLI's classes. */
    public static HostJson bundled() {
        try (InputStream in = HostJson.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("host.json is missing from the CLI's class path (" + RESOURCE
                        + "); rebuild the cli module");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled host.json", e);
        }
    }

    /** Reads host.json text; absent options take the host's defaults. */
    public static HostJson parse(String text) {
        JsonNode root = Json.read(text, JsonNode.class);
        JsonNode q = root.path("extensions").path("queues");
        int batchSize = q.path("batchSize").asInt(16);
        int threshold = q.has("newBatchThreshold") ? q.get("newBatchThreshold").asInt() : batchSize / 2;
        QueueOptions queues = new QueueOptions(batchSize, threshold, q.path("maxDequeueCount").asInt(5),
                timeSpan(q, "visibilityTimeout", Duration.ZERO), pollingInterval(q));
        // functionTimeout: 5 minutes on Consumption plans when absent; host.json here sets it.
        Duration timeout = timeSpan(root, "functionTimeout", Duration.ofMinutes(5));
        return new HostJson(queues, timeout);
    }

    /** Functions 2.x+ reads maxPollingInterval as milliseconds, or as a TimeSpan string. */
    private static Duration pollingInterval(JsonNode queues) {
        JsonNode value = queues.get("maxPollingInterval");
        if (value == null) {
            return Duration.ofMinutes(1);
        }
        return value.isNumber() ? Duration.ofMillis(value.asLong()) : parseTimeSpan(value.asText(), "maxPollingInterval");
    }

    private static Duration timeSpan(JsonNode parent, String field, Duration absent) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? absent : parseTimeSpan(value.asText(), field);
    }

    /** A .NET TimeSpan as host.json writes it: {@code [d.]hh:mm:ss[.fff]}. */
    static Duration parseTimeSpan(String text, String field) {
        String t = text.trim();
        long days = 0;
        int dot = t.indexOf('.');
        int colon = t.indexOf(':');
        if (dot >= 0 && dot < colon) {
            days = Long.parseLong(t.substring(0, dot));
            t = t.substring(dot + 1);
        }
        String[] parts = t.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("host.json " + field + ": '" + text + "' is not a time span such as 00:00:30");
        }
        try {
            double seconds = Double.parseDouble(parts[2]);
            return Duration.ofDays(days).plusHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host.json " + field + ": '" + text + "' is not a time span such as 00:00:30");
        }
    }
}
