package dev.acidispatch.emulator;

import java.time.Instant;

/**
 * One request the emulator saw; {@code status} 0 means the connection was closed without a response. {@code at} is
 * the emulator's clock when it arrived, {@code errorCode} the ARM error code answered (null when none).
 */
public record RecordedRequest(String method, String path, Route route, int status, String fault, Instant at,
                              String errorCode) {
    public RecordedRequest(String method, String path, Route route, int status, String fault) {
        this(method, path, route, status, fault, null, null);
    }
}
