package dev.acidispatch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.admission.AdmissionLedger.Lease;
import dev.acidispatch.admission.AdmissionLedger.Snapshot;
import dev.acidispatch.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compact JSON for a ledger snapshot: {@code {"v":1,"l":{"<jobId>":[cores,admittedAtMillis]},"c":[createMillis...],
 * "p":pausedUntilMillis,"n":throttleLevel,"r":reducedUntilMillis,"d":{"<group>":deleteMillis},"m":{...PollMarks}}}.
 * About 60 characters per lease, 14 per create and 50 per delete. "d" came later: a state without it has no deletes
 * counted. {@code "q"} (later still) holds the usage API's readings: {@code {"<region>":[groupsUsed,groupsLimit,
 * coresUsed,coresLimit,readAtMillis]}}. {@code "m"} is absent until PollWork or a marks writer first stores it (then {@link PollMarks#NONE}).
 */
final class LedgerCodec {
    private static final int VERSION = 1;

    private LedgerCodec() {
    }

    static String write(Snapshot s) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("v", VERSION);
        ObjectNode leases = root.putObject("l");
        new TreeMap<>(s.leases()).forEach((jobId, lease) -> leases.putArray(jobId).add(lease.cores())
                .add(lease.admittedAt().toEpochMilli()));
        ArrayNode creates = root.putArray("c");
        s.creates().forEach(c -> creates.add(c.toEpochMilli()));
        if (s.pausedUntil() != null) {
            root.put("p", s.pausedUntil().toEpochMilli());
        }
        if (s.throttleLevel() != 0) {
            root.put("n", s.throttleLevel());
        }
        if (s.reducedUntil() != null) {
            root.put("r", s.reducedUntil().toEpochMilli());
        }
        if (!s.deletes().isEmpty()) {
            ObjectNode deletes = root.putObject("d");
            new TreeMap<>(s.deletes()).forEach((key, at) -> deletes.put(key, at.toEpochMilli()));
        }
        if (!s.quotas().isEmpty()) {
            ObjectNode quotas = root.putObject("q");
            new TreeMap<>(s.quotas()).forEach((region, q) -> quotas.putArray(region).add(q.groupsUsed())
                    .add(q.groupsLimit()).add(q.coresUsed()).add(q.coresLimit()).add(q.readAt().toEpochMilli()));
        }
        PollMarks m = s.marks();
        if (!m.equals(PollMarks.NONE)) {
            ObjectNode marks = root.putObject("m");
            marks.put("d", m.deferrals()).put("ds", m.deferralsSettled()).put("dw", m.deferredWaiting())
                    .put("s", m.scheduleChanges()).put("sr", m.schedulesReadFor());
            putInstant(marks, "sn", m.nextScheduleDue());
            putInstant(marks, "sw", m.sweptAt());
            putInstant(marks, "ck", m.checkedAt());
        }
        return root.toString();
    }

    static Snapshot read(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("The admission ledger's stored state is not JSON", e);
        }
        if (root.path("v").asInt() != VERSION) {
            throw new IllegalStateException("The admission ledger's stored state has version " + root.path("v")
                    + "; this build reads version " + VERSION);
        }
        Map<String, Lease> leases = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("l").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            leases.put(e.getKey(), new Lease(e.getValue().get(0).asDouble(),
                    Instant.ofEpochMilli(e.getValue().get(1).asLong())));
        }
        List<Instant> creates = new ArrayList<>();
        root.path("c").forEach(c -> creates.add(Instant.ofEpochMilli(c.asLong())));
        Map<String, Instant> deletes = new HashMap<>();
        root.path("d").fields().forEachRemaining(e -> deletes.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong())));
        JsonNode m = root.get("m");
        PollMarks marks = m == null ? PollMarks.NONE : new PollMarks(m.path("d").asLong(), m.path("ds").asLong(),
                m.path("dw").asBoolean(), m.path("s").asLong(), m.path("sr").asLong(-1), instant(m.get("sn")),
                instant(m.get("sw")), instant(m.get("ck")));
        Map<String, RegionQuota> quotas = new HashMap<>();
        root.path("q").fields().forEachRemaining(e -> quotas.put(e.getKey(), new RegionQuota(e.getKey(),
                e.getValue().get(0).asInt(), e.getValue().get(1).asInt(), e.getValue().get(2).asDouble(),
                e.getValue().get(3).asDouble(), Instant.ofEpochMilli(e.getValue().get(4).asLong()))));
        return new Snapshot(leases, creates, instant(root.get("p")), root.path("n").asInt(0), instant(root.get("r")),
                deletes, marks, quotas);
    }

    private static void putInstant(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, value.toEpochMilli());
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.ofEpochMilli(node.asLong());
    }
}
