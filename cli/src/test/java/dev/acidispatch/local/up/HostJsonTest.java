package dev.acidispatch.local.up;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostJsonTest {
    @Test
    void theBundledFileIsTheAppsHostJson() throws Exception {
        HostJson bundled = HostJson.bundled();
        assertEquals(HostJson.parse(Files.readString(Path.of("host.json"))), bundled);
        assertEquals(4, bundled.queues().batchSize());
        assertEquals(2, bundled.queues().newBatchThreshold());
        assertEquals(6, bundled.queues().maxConcurrency());
        assertEquals(5, bundled.queues().maxDequeueCount());
        assertEquals(Duration.ofSeconds(30), bundled.queues().visibilityTimeout());
        assertEquals(Duration.ofMinutes(10), bundled.functionTimeout());
    }

    @Test
    void absentOptionsTakeTheHostsDefaults() {
        HostJson defaults = HostJson.parse("{\"version\": \"2.0\"}");
        assertEquals(16, defaults.queues().batchSize());
        assertEquals(8, defaults.queues().newBatchThreshold());
        assertEquals(5, defaults.queues().maxDequeueCount());
        assertEquals(Duration.ZERO, defaults.queues().visibilityTimeout());
        assertEquals(Duration.ofMinutes(1), defaults.queues().maxPollingInterval());
        assertEquals(Duration.ofMinutes(5), defaults.functionTimeout());
    }

    @Test
    void timeSpansAndMillisecondsAreRead() {
        HostJson parsed = HostJson.parse("{\"functionTimeout\": \"1.02:03:04.5\", \"extensions\": {\"queues\": "
                + "{\"maxPollingInterval\": 2000, \"visibilityTimeout\": \"00:01:00\"}}}");
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusMillis(4500), parsed.functionTimeout());
        assertEquals(Duration.ofSeconds(2), parsed.queues().maxPollingInterval());
        assertEquals(Duration.ofMinutes(1), parsed.queues().visibilityTimeout());
    }

    @Test
    void impossibleOptionsNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostJson.parse("{\"extensions\": {\"queues\": {\"batchSize\": 64}}}"));
        assertTrue(e.getMessage().contains("batchSize must be from 1 to 32"), e.getMessage());
    }
}
