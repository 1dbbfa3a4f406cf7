package dev.acidispatch.store;

import dev.acidispatch.job.IllegalJobStateChangeException;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link JobStore} must have; run against each implementation by a subclass. */
abstract class JobStoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final JobRecord.Spec SPEC = new JobRecord.Spec("myregistry.azurecr.io/etl:1.4", "jobs-rg",
            "cg-etl", "deploy-etl", 1.0, 1.5, "Spot", true);

    /** A fresh, empty store; {@code maxUpdateAttempts} bounds its update retries. */
    abstract JobStore newStore(int maxUpdateAttempts);

    JobStore newStore() {
        return newStore(40);
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createThenGetRoundTripsEveryField() {
        JobStore store = newStore();
        JobRecord full = JobRecord.queued(uniqueId("full"), T0, SPEC)
                .transitionTo(JobStatus.DISPATCHING, "deploying ✓ ünïcode \"quoted\"", T0.plusSeconds(1))
                .withDeployAttempt(T0.plusSeconds(1))
                .transitionTo(JobStatus.RUNNING, "started", T0.plusMillis(2_345))
                .withCancelRequested(T0.plusSeconds(3))
                .withLogsCaptured(T0.plusSeconds(4))
                .finished(JobStatus.CANCELLED, 137, "cancelled by user", T0.plusNanos(5_000_000_123L));
        JobRecord created = store.create(full);
        assertNotNull(created.etag());
        JobRecord read = store.get(full.jobId()).orElseThrow();
        assertEquals(full.withEtag(created.etag()), read);
        assertEquals(137, read.exitCode());
        assertTrue(read.keepContainerGroup());
        assertEquals(full.history(), read.history());

        JobRecord rejected = JobRecord.rejected(uniqueId("rejected"), List.of("$.image: required",
                "$.cpu: 9 is above the maximum 4"), T0);
        store.create(rejected);
        assertEquals(rejected.errors(), store.get(rejected.jobId()).orElseThrow().errors());
    }

    @Test
    void getOfAnUnknownJobIsEmpty() {
        assertEquals(Optional.empty(), newStore().get(uniqueId("missing")));
    }

    @Test
    void createRefusesAnExistingJobAndCarriesIt() {
        JobStore store = newStore();
        String id = uniqueId("dup");
        JobRecord first = store.create(JobRecord.queued(id, T0));
        JobAlreadyExistsException e = assertThrows(JobAlreadyExistsException.class,
                () -> store.create(JobRecord.queued(id, T0.plusSeconds(1))));
        assertEquals(first, e.existing());
        assertEquals(first, store.createOrGet(JobRecord.queued(id, T0.plusSeconds(2))));
    }

    @Test
    void createOrGetCreatesWhenAbsent() {
        JobStore store = newStore();
        JobRecord record = JobRecord.queued(uniqueId("fresh"), T0);
        JobRecord stored = store.createOrGet(record);
        assertEquals(record.withEtag(stored.etag()), stored);
        assertEquals(stored, store.get(record.jobId()).orElseThrow());
    }

    @Test
    void updateWritesTheChangeWithANewEtag() {
        JobStore store = newStore();
        JobRecord created = store.create(JobRecord.queued(uniqueId("upd"), T0));
        JobRecord updated = store.update(created.jobId(),
                r -> r.transitionTo(JobStatus.DISPATCHING, "deploying", T0.plusSeconds(1)));
        assertEquals(JobStatus.DISPATCHING, updated.status());
        assertNotEquals(created.etag(), updated.etag());
        assertEquals(updated, store.get(created.jobId()).orElseThrow());
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        JobStore store = newStore();
        JobRecord created = store.create(JobRecord.queued(uniqueId("noop"), T0));
        JobRecord same = store.update(created.jobId(), r -> r.transitionTo(JobStatus.QUEUED, "redelivered", T0));
        assertEquals(created.etag(), same.etag());
        assertEquals(created.etag(), store.get(created.jobId()).orElseThrow().etag());
    }

    @Test
    void anIllegalTransitionPropagatesAndLeavesTheRecordAlone() {
        JobStore store = newStore();
        JobRecord created = store.create(JobRecord.queued(uniqueId("illegal"), T0));
        store.update(created.jobId(), r -> r.finished(JobStatus.CANCELLED, null, "cancelled", T0));
        JobRecord before = store.get(created.jobId()).orElseThrow();
        IllegalJobStateChangeException e = assertThrows(IllegalJobStateChangeException.class,
                () -> store.update(created.jobId(), r -> r.transitionTo(JobStatus.RUNNING, "late", T0)));
        assertEquals(JobStatus.CANCELLED, e.from());
        assertEquals(JobStatus.RUNNING, e.to());
        assertEquals(before, store.get(created.jobId()).orElseThrow());
    }

    @Test
    void updateOfAnUnknownJobSaysSo() {
        String id = uniqueId("nobody");
        JobNotFoundException e = assertThrows(JobNotFoundException.class,
                () -> newStore().update(id, r -> r.withDeployAttempt(T0)));
        assertEquals(id, e.jobId());
    }

    @Test
    void aChangeMustKeepTheJobId() {
        JobStore store = newStore();
        JobRecord created = store.create(JobRecord.queued(uniqueId("keep"), T0));
        assertThrows(IllegalArgumentException.class,
                () -> store.update(created.jobId(), r -> JobRecord.queued(uniqueId("other"), T0)));
        assertThrows(NullPointerException.class, () -> store.update(created.jobId(), r -> null));
    }

    @Test
    void aWriteInBetweenMakesTheUpdateRetryOnAFreshRead() {
        JobStore store = newStore();
        String id = store.create(JobRecord.queued(uniqueId("race"), T0)).jobId();
        AtomicInteger calls = new AtomicInteger();
        JobRecord result = store.update(id, r -> {
            if (calls.incrementAndGet() == 1) {
                // Another writer gets in between our read and our write.
                store.update(id, other -> other.withCancelRequested(T0.plusSeconds(1)));
            }
            return r.withDeployAttempt(T0.plusSeconds(2));
        });
        assertEquals(2, calls.get(), "the change runs again on the fresh record");
        assertEquals(1, result.deployAttempts());
        assertEquals(T0.plusSeconds(1), result.cancelRequestedAt(), "the other writer's change is not lost");
        assertEquals(result, store.get(id).orElseThrow());
    }

    @Test
    void losingEveryRaceEndsWithConcurrentJobModification() {
        JobStore store = newStore(3);
        String id = store.create(JobRecord.queued(uniqueId("loser"), T0)).jobId();
        AtomicInteger calls = new AtomicInteger();
        ConcurrentJobModificationException e = assertThrows(ConcurrentJobModificationException.class,
                () -> store.update(id, r -> {
                    calls.incrementAndGet();
                    store.update(id, other -> other.withDeployAttempt(T0));
                    return r.withLogsCaptured(T0);
                }));
        assertEquals(3, e.attempts());
        assertEquals(id, e.jobId());
        assertEquals(3, calls.get());
        JobRecord stored = store.get(id).orElseThrow();
        assertEquals(3, stored.deployAttempts());
        assertFalse(stored.logsCaptured());
    }

    @Test
    void racingUpdatersLoseNoUpdate() throws Exception {
        JobStore store = newStore();
        String id = store.create(JobRecord.queued(uniqueId("counter"), T0)).jobId();
        int threads = 8;
        int incrementsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        store.update(id, r -> r.withDeployAttempt(T0));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(workers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        assertEquals(threads * incrementsEach, store.get(id).orElseThrow().deployAttempts());
    }

    @Test
    void listFiltersByStatusAndHonoursTheLimit() {
        JobStore store = newStore();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(store.create(JobRecord.queued("a-queued-" + i, T0)).jobId());
        }
        store.create(JobRecord.queued("b-running", T0));
        store.update("b-running", r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0)
                .transitionTo(JobStatus.RUNNING, "started", T0));
        store.create(JobRecord.rejected("c-rejected", List.of("$.image: required"), T0));

        assertEquals(queued, ids(store.list(EnumSet.of(JobStatus.QUEUED), 10)));
        assertEquals(List.of("b-running", "c-rejected"),
                ids(store.list(EnumSet.of(JobStatus.RUNNING, JobStatus.REJECTED), 10)));
        assertEquals(List.of("a-queued-0", "a-queued-1"), ids(store.list(EnumSet.of(JobStatus.QUEUED), 2)));
        assertEquals(5, store.list(Set.of(), 100).size());
        assertEquals(List.of(), store.list(EnumSet.of(JobStatus.TIMED_OUT), 10));
        assertEquals(store.get("b-running").orElseThrow(), store.list(EnumSet.of(JobStatus.RUNNING), 1).get(0));
        assertThrows(IllegalArgumentException.class, () -> store.list(Set.of(), 0));
    }

    /** Seven jobs a minute apart (job-0 oldest): two runs of schedule nightly, one running, two failed, one rejected. */
    private static JobStore storeWithHistory(JobStore store) {
        for (int i = 0; i < 7; i++) {
            Instant at = T0.plusSeconds(60L * i);
            JobRecord record = JobRecord.queued("job-" + i, at);
            store.create(i == 1 || i == 4 ? record.withSchedule("nightly") : record);
        }
        store.update("job-2", r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0.plusSeconds(600))
                .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(601)));
        for (String failed : List.of("job-3", "job-4")) {
            store.update(failed, r -> r.transitionTo(JobStatus.DISPATCHING, "go", T0.plusSeconds(600))
                    .transitionTo(JobStatus.RUNNING, "started", T0.plusSeconds(601))
                    .finished(JobStatus.FAILED, 1, "exit 1", T0.plusSeconds(700)));
        }
        store.update("job-5", r -> r.transitionTo(JobStatus.REJECTED, "invalid", T0.plusSeconds(600)));
        return store;
    }

    private static List<String> allPages(JobStore store, JobQuery query) {
        List<String> ids = new ArrayList<>();
        JobPage page = store.query(query);
        ids.addAll(ids(page.jobs()));
        int pages = 1;
        while (page.continuationToken() != null) {
            assertTrue(pages++ < 100, "paging must end");
            page = store.query(query.after(page.continuationToken()));
            ids.addAll(ids(page.jobs()));
        }
        return ids;
    }

    @Test
    void queryListsNewestFirstAndFiltersByStatusSinceAndSchedule() {
        JobStore store = storeWithHistory(newStore());

        assertEquals(List.of("job-6", "job-5", "job-4", "job-3", "job-2", "job-1", "job-0"),
                ids(store.query(JobQuery.all()).jobs()));
        assertEquals(List.of("job-4", "job-3", "job-2"),
                ids(store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.RUNNING, JobStatus.FAILED))).jobs()));
        assertEquals(List.of("job-6", "job-1", "job-0"),
                ids(store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.QUEUED))).jobs()));
        assertEquals(List.of("job-6", "job-5", "job-4"),
                ids(store.query(JobQuery.all().withSince(T0.plusSeconds(240))).jobs()), "created at or after since");
        assertEquals(List.of("job-4", "job-1"), ids(store.query(JobQuery.all().withSchedule("nightly")).jobs()));
        assertEquals(List.of("job-4"), ids(store.query(JobQuery.all().withSchedule("nightly")
                .withStatuses(EnumSet.of(JobStatus.FAILED))).jobs()));
        assertEquals(List.of("job-3"), ids(store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.FAILED))
                .withSince(T0.plusSeconds(120)).withLimit(1).after(store.query(JobQuery.all()
                        .withStatuses(EnumSet.of(JobStatus.FAILED)).withLimit(1)).continuationToken())).jobs()));
        assertEquals(List.of(), store.query(JobQuery.all().withSchedule("hourly")).jobs());
        assertEquals(List.of(), store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.TIMED_OUT))).jobs());
        assertEquals("nightly", store.get("job-4").orElseThrow().schedule(), "the schedule survives updates");
    }

    @Test
    void queryPagesThroughEveryMatchOnceWithAContinuationToken() {
        JobStore store = storeWithHistory(newStore());

        JobPage first = store.query(JobQuery.all().withLimit(3));
        assertEquals(List.of("job-6", "job-5", "job-4"), ids(first.jobs()));
        assertNotNull(first.continuationToken());
        assertEquals(List.of("job-6", "job-5", "job-4", "job-3", "job-2", "job-1", "job-0"),
                allPages(store, JobQuery.all().withLimit(3)));
        assertEquals(List.of("job-6", "job-5", "job-4", "job-3", "job-2", "job-1", "job-0"),
                allPages(store, JobQuery.all().withLimit(1)));
        JobPage exact = store.query(JobQuery.all().withLimit(7));
        assertEquals(7, exact.jobs().size());
        assertEquals(null, exact.continuationToken(), "no token when nothing follows");
        assertEquals(List.of("job-4", "job-3", "job-2"),
                allPages(store, JobQuery.all().withStatuses(EnumSet.of(JobStatus.RUNNING, JobStatus.FAILED)).withLimit(2)));
    }

    @Test
    void aJobIsListedUnderItsCurrentStatusOnlyAfterEveryChange() {
        JobStore store = newStore();
        String id = store.create(JobRecord.queued(uniqueId("moves"), T0)).jobId();
        EnumSet<JobStatus> active = EnumSet.of(JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.DISPATCHING);
        store.update(id, r -> r.transitionTo(JobStatus.DEFERRED, "waiting", T0.plusSeconds(1)));
        store.update(id, r -> r.transitionTo(JobStatus.QUEUED, "released", T0.plusSeconds(2)));
        store.update(id, r -> r.transitionTo(JobStatus.DEFERRED, "waiting again", T0.plusSeconds(3)));

        assertEquals(List.of(id), ids(store.query(JobQuery.all().withStatuses(active)).jobs()), "listed once");
        assertEquals(List.of(id), ids(store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.DEFERRED))).jobs()));
        assertEquals(List.of(), store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.QUEUED))).jobs());
        store.delete(id);
        assertEquals(List.of(), store.query(JobQuery.all()).jobs());
    }

    @Test
    void queriesWithBadValuesAreRefusedNamingTheParameter() {
        JobStore store = newStore();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobQuery.all().withLimit(0)).getMessage()
                .startsWith("limit:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobQuery.all().withLimit(1001)).getMessage()
                .startsWith("limit:"));
        for (String token : List.of("nope", "MTpyb3drZXk", "x' or true or '", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobQuery.all().after(token));
            assertTrue(e.getMessage().startsWith("continuationToken:"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobQuery.all().withSchedule("x' or '1'"))
                .getMessage().startsWith("schedule:"));
        assertEquals(List.of(), store.query(JobQuery.all()).jobs());
    }

    @Test
    void deleteReportsWhetherTheRecordExisted() {
        JobStore store = newStore();
        String id = store.create(JobRecord.queued(uniqueId("del"), T0)).jobId();
        assertTrue(store.delete(id));
        assertEquals(Optional.empty(), store.get(id));
        assertFalse(store.delete(id));
    }

    @Test
    void idsThatCouldEscapeAFilterOrKeyAreRefusedBeforeAnyRequest() {
        JobStore store = newStore();
        JobRecord victim = store.create(JobRecord.queued(uniqueId("victim"), T0));
        for (String hostile : List.of("x' or PartitionKey ne '", "x') or true or ('", "../etc", "UPPER", "a/b",
                "-leading", "trailing-", "a".repeat(41), "x\u0000y")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.get(hostile),
                    hostile);
            assertTrue(e.getMessage().startsWith("jobId:"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.update(hostile, r -> r.withDeployAttempt(T0)));
            assertThrows(IllegalArgumentException.class, () -> store.delete(hostile));
            assertThrows(IllegalArgumentException.class, () -> store.create(JobRecord.queued(hostile, T0)));
        }
        assertEquals(List.of(victim), store.list(Set.of(), 100), "nothing was written or deleted");
    }

    @Test
    void theSameRecordInstanceIsReturnedWhenNothingChanged() {
        JobStore store = newStore();
        JobRecord created = store.create(JobRecord.queued(uniqueId("same"), T0));
        JobRecord result = store.update(created.jobId(), r -> r);
        assertEquals(created, result);
        assertSame(JobStatus.QUEUED, result.status());
    }

    private static List<String> ids(List<JobRecord> records) {
        return records.stream().map(JobRecord::jobId).toList();
    }
}
