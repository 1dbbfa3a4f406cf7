package dev.acidispatch.emulator;

/** One request the emulator saw; {@code status} 0 means the connection was closed without a response. */
public record RecordedRequest(String method, String path, Route route, int status, String fault) {
}
