package dev.acidispatch.admission;

import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both {@link ScheduleStore} implementations: Table on Azurite and memory. */
class ScheduleStoreTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private static void behaves(ScheduleStore store) {
        Schedule nightly = Schedule.create("nightly", "0 2 * * *", ScheduleTest.TEMPLATE, 30, CatchUp.ALL, T0);
        assertTrue(store.add(nightly));
        assertFalse(store.add(Schedule.create("nightly", "0 3 * * *", "{\"image\":\"x\"}", 0, CatchUp.NONE, T0)),
                "a second add of the same name is refused");
        assertTrue(store.add(Schedule.create("hourly", "0 * * * *", "{\"image\":\"x\"}", 0, CatchUp.LATEST, T0)));
        assertEquals(Optional.of(nightly), store.get("nightly"));
        assertEquals(List.of("hourly", "nightly"), store.list().stream().map(Schedule::name).toList());

        Instant first = Instant.parse("2026-11-24T02:00:00Z");
        store.markFired("nightly", first);
        store.markFired("nightly", first.minusSeconds(86_400));
        assertEquals(first, store.get("nightly").orElseThrow().lastFiredFor(), "never moves backwards");
        store.markFired("gone", first);

        assertTrue(store.remove("nightly"));
        assertFalse(store.remove("nightly"));
        assertEquals(Optional.empty(), store.get("nightly"));
    }

    @Test
    void tableStore() {
        StorageClients clients = StorageClients.fromConnectionString(Azurite.shared().connectionString());
        behaves(new TableScheduleStore(clients.tables(),
                "schedules" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)));
    }

    @Test
    void inMemoryStore() {
        behaves(new InMemoryScheduleStore());
    }
}
