package dev.acidispatch.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link LogStore} must have. */
abstract class LogStoreContract {
    abstract LogStore store();

    static String uniqueId() {
        return "logs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** About 1 MB of multi-line text mixing 1-, 2-, 3- and 4-byte UTF-8 characters. */
    static String largeUnicodeLog() {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 900_000; line++) {
            text.append(line).append(" ascii Ümläut 日本語 emoji 🚀 tab\t\"quote\" \\backslash\n");
        }
        return text.toString();
    }

    @Test
    void aLargeUnicodeLogRoundTrips() {
        String id = uniqueId();
        String log = largeUnicodeLog();
        assertTrue(log.getBytes(StandardCharsets.UTF_8).length > 1_000_000);
        store().put(id, log);
        assertEquals(Optional.of(log), store().get(id));
    }

    @Test
    void putReplacesEarlierLogs() {
        String id = uniqueId();
        store().put(id, "first capture");
        store().put(id, "second capture");
        assertEquals(Optional.of("second capture"), store().get(id));
    }

    @Test
    void anEmptyLogIsStillALog() {
        String id = uniqueId();
        store().put(id, "");
        assertEquals(Optional.of(""), store().get(id));
    }

    @Test
    void eachContainerHasItsOwnCaptureBesideTheJobsLog() {
        String id = uniqueId();
        store().put(id, "whole");
        store().putContainerLog(id, "worker", "2026-12-01T10:00:00.000000000Z w\n");
        store().putContainerLog(id, "sidecar-1", "2026-12-01T10:00:00.000000000Z s\n");
        assertEquals(Optional.of("2026-12-01T10:00:00.000000000Z w\n"), store().getContainerLog(id, "worker"));
        assertEquals(Optional.of("2026-12-01T10:00:00.000000000Z s\n"), store().getContainerLog(id, "sidecar-1"));
        assertEquals(Optional.of("whole"), store().get(id));
        assertEquals(Optional.empty(), store().getContainerLog(id, "job"));
        assertEquals(Optional.empty(), store().containerNames(id));
        store().putContainerNames(id, java.util.List.of("worker", "sidecar-1"));
        assertEquals(Optional.of(java.util.List.of("worker", "sidecar-1")), store().containerNames(id));
    }

    @Test
    void containerNamesThatCouldReachAnotherBlobAreRefused() {
        String id = uniqueId();
        for (String name : new String[]{"../x", "a/b", "Worker", "-a", "", "a".repeat(64)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store().putContainerLog(id, name, "x"));
            assertTrue(e.getMessage().startsWith("container:"), e.getMessage());
        }
    }

    @Test
    void logsThatWereNeverCapturedAreEmpty() {
        assertEquals(Optional.empty(), store().get(uniqueId()));
    }

    @Test
    void invalidJobIdsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store().put("../x", "t"));
        assertTrue(e.getMessage().startsWith("jobId:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store().get("a/b"));
    }
}
