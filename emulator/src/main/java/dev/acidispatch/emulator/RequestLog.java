package dev.acidispatch.emulator;

import java.util.List;

/** A snapshot of the requests the emulator served, in arrival order. */
public record RequestLog(List<RecordedRequest> entries) {
    public RequestLog {
        entries = List.copyOf(entries);
    }

    public long count(Route route) {
        return entries.stream().filter(r -> r.route() == route).count();
    }

    public long count(Route route, int status) {
        return entries.stream().filter(r -> r.route() == route && r.status() == status).count();
    }

    /** Answers with this ARM error code (e.g. {@code SubscriptionRequestsThrottled}). */
    public long countErrors(String errorCode) {
        return entries.stream().filter(r -> errorCode.equals(r.errorCode())).count();
    }

    public List<RecordedRequest> of(Route route) {
        return entries.stream().filter(r -> r.route() == route).toList();
    }
}
