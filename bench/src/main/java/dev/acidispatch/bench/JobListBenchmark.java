package dev.acidispatch.bench;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.cli.Dispatchctl;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.InMemoryLogStore;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.TableJobStore;
import dev.acidispatch.testing.Azurite;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 9: listing jobs at 100,000 records ({@code --list-jobs N} for another count), on Azurite. The jobs are written through {@link TableJobStore} (so the
 * index is the one the app writes), then each query runs through {@link JobsApi#list}, the code behind both
 * {@code GET /api/jobs} and {@code dispatchctl list}, with every storage request counted on the wire: index range
 * queries, record point reads, and anything else (which would be a scan). For contrast, the store's old way of
 * finding jobs by status, a filtered scan of the jobs table, is timed for a status no job has (it reads every record).
 */
final class JobListBenchmark {
    static final int JOBS = 100_000;
    private static final int RUNS = 5;
    private static final int WRITERS = 16;
    /** One job every 26 seconds: 100,000 jobs span 30 days. */
    private static final Duration SPACING = Duration.ofSeconds(26);

    record Query(String name, Map<String, String> parameters) {
    }

    record Figures(String name, int jobsReturned, double medianMs, long indexQueries, long pointReads, long otherRequests) {
    }

    record Result(int jobs, double seedSeconds, long seedRequests, List<Figures> queries, Figures pageAll, int pages,
                  double scanMs, int scanFound, List<CliRun> cliRuns) {
    }

    /** One {@code dispatchctl} command as a user types it, against the same table: its exit code and what it showed. */
    record CliRun(String command, int exitCode, int jobsShown, double ms) {
    }

    /** Counts GET requests by kind on the way out: index range queries, record point reads, anything else. */
    static final class Counter implements HttpPipelinePolicy {
        private final String indexQuery;
        private final String recordRead;
        final AtomicLong index = new AtomicLong();
        final AtomicLong point = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final AtomicLong writes = new AtomicLong();

        @Override
        public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                com.azure.core.http.HttpPipelineCallContext context, com.azure.core.http.HttpPipelineNextPolicy next) {
            count(context);
            return next.process();
        }

        @Override
        public com.azure.core.http.HttpResponse processSync(com.azure.core.http.HttpPipelineCallContext context,
                                                            com.azure.core.http.HttpPipelineNextSyncPolicy next) {
            count(context);
            return next.processSync();
        }

        Counter(String table) {
            indexQuery = "/" + table + TableJobStore.INDEX_SUFFIX + "()";
            recordRead = "/" + table + "(PartitionKey=";
        }

        private void count(com.azure.core.http.HttpPipelineCallContext context) {
            String path = context.getHttpRequest().getUrl().getPath();
            if (context.getHttpRequest().getHttpMethod() != HttpMethod.GET) {
                writes.incrementAndGet();
            } else if (path.endsWith(indexQuery)) {
                index.incrementAndGet();
            } else if (path.contains(recordRead)) {
                point.incrementAndGet();
            } else {
                other.incrementAndGet();
            }
        }

        long[] snapshot() {
            return new long[]{index.get(), point.get(), other.get()};
        }
    }

    /**
     * On an Azurite of its own, so the jobs can be in the table the app and {@code dispatchctl} use
     * ({@value TableJobStore#TABLE_NAME}) and {@code dispatchctl list} can be run against them.
     */
    static Result run(int jobs) throws Exception {
        Azurite azurite = Azurite.start();
        try {
            return run(jobs, azurite.connectionString());
        } finally {
            azurite.stop();
        }
    }

    private static Result run(int jobs, String connectionString) throws Exception {
        String table = TableJobStore.TABLE_NAME;
        Counter counter = new Counter(table);
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(connectionString)
                .addPolicy(counter).buildClient();
        JobStore store = new TableJobStore(tables, table, 40);
        Instant first = Instant.parse("2026-11-01T00:00:00Z");
        Instant last = first.plus(SPACING.multipliedBy(jobs - 1));

        long seedStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writes = new ArrayList<>();
            AtomicLong written = new AtomicLong();
            long tenth = Math.max(1, jobs / 10);
            int chunk = jobs / WRITERS;
            for (int w = 0; w < WRITERS; w++) {
                int from = w * chunk;
                int to = w == WRITERS - 1 ? jobs : from + chunk;
                writes.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        store.create(job(i, first.plus(SPACING.multipliedBy(i))));
                        long done = written.incrementAndGet();
                        if (done % tenth == 0) {
                            System.err.printf("[bench] 9 listing jobs: %,d of %,d written in %.0f s%n", done, jobs,
                                    (System.nanoTime() - seedStart) / 1e9);
                        }
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long seedRequests = counter.writes.get() + counter.index.get() + counter.point.get() + counter.other.get();

        // The list reads the job store only; the other parts are there because the API's constructor wants them.
        JobsApi api = new JobsApi(null, store, new InMemoryLogStore(), null, new InstantContainerGroups(), null, null,
                null, Clock.systemUTC(), 100);
        List<Query> queries = List.of(
                new Query("newest 50, no filter", Map.of()),
                new Query("status=FAILED (8% of jobs)", Map.of("status", "FAILED")),
                new Query("status=RUNNING,FAILED, since the last 24 h", Map.of("status", "RUNNING,FAILED",
                        "since", last.minus(Duration.ofHours(24)).toString())),
                new Query("schedule=hourly (10% of jobs)", Map.of("schedule", "hourly")),
                new Query("schedule=hourly and status=FAILED (1% of jobs)", Map.of("schedule", "hourly",
                        "status", "FAILED")),
                new Query(String.format("a page deep in the list (continuationToken after %,d jobs)", jobs / 2),
                        Map.of()));
        String deepToken = tokenAfter(api, jobs / 2);
        List<Figures> figures = new ArrayList<>();
        for (Query query : queries) {
            Map<String, String> parameters = new LinkedHashMap<>(query.parameters());
            parameters.put("limit", "50");
            if (query.name().startsWith("a page deep")) {
                parameters.put("continuationToken", deepToken);
            }
            figures.add(measure(query.name(), api, parameters, counter));
        }

        // Every job, 1,000 a page, as `dispatchctl list --all` reads them.
        long[] before = counter.snapshot();
        long start = System.nanoTime();
        int pages = 0;
        int seen = 0;
        String token = null;
        do {
            Map<String, String> parameters = new LinkedHashMap<>(Map.of("limit", "1000"));
            if (token != null) {
                parameters.put("continuationToken", token);
            }
            JsonNode page = Json.read(ok(api.list(parameters)).body(), JsonNode.class);
            seen += page.path("jobs").size();
            token = page.path("continuationToken").isTextual() ? page.path("continuationToken").asText() : null;
            pages++;
        } while (token != null);
        double allMs = (System.nanoTime() - start) / 1e6;
        long[] after = counter.snapshot();
        Figures pageAll = new Figures("every job, 1,000 a page", seen, allMs, after[0] - before[0], after[1] - before[1],
                after[2] - before[2]);

        long scanStart = System.nanoTime();
        int scanFound = store.list(EnumSet.of(JobStatus.TIMED_OUT), 50).size();
        double scanMs = (System.nanoTime() - scanStart) / 1e6;
        Map<String, String> env = Map.of("AzureWebJobsStorage", connectionString);
        List<CliRun> cliRuns = List.of(
                dispatchctl(env, jobs, "list"),
                dispatchctl(env, jobs, "list", "--status", "FAILED", "--limit", "1000"),
                dispatchctl(env, jobs, "list", "--all", "--json"));
        return new Result(jobs, seedSeconds, seedRequests, figures, pageAll, pages, scanMs, scanFound, cliRuns);
    }

    /**
     * Runs {@code dispatchctl} in this process with its settings from {@code env}, and counts the jobs it printed: rows
     * under the header, or with {@code --json} the jobs of the answer (checked: each once, newest first). With
     * {@code --all} every job must come back.
     */
    private static CliRun dispatchctl(Map<String, String> env, int jobs, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Dispatchctl.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute(args);
        double ms = (System.nanoTime() - start) / 1e6;
        String command = "dispatchctl " + String.join(" ", args);
        if (code != 0) {
            throw new IllegalStateException(command + " exited " + code + ": " + err);
        }
        int shown;
        if (List.of(args).contains("--json")) {
            JsonNode listed = Json.read(out.toString(), JsonNode.class).path("jobs");
            List<String> ids = new ArrayList<>();
            listed.forEach(job -> ids.add(job.path("jobId").asText()));
            // Job i was created i spacings after the first: newest first is descending ids.
            List<String> expected = new ArrayList<>(ids);
            expected.sort(java.util.Comparator.reverseOrder());
            if (!ids.equals(expected) || ids.stream().distinct().count() != ids.size()) {
                throw new IllegalStateException(command + " listed jobs out of order or twice");
            }
            shown = ids.size();
        } else {
            shown = (int) out.toString().lines().count() - 1;
        }
        if (List.of(args).contains("--all") && shown != jobs) {
            throw new IllegalStateException(command + " listed " + shown + " of " + jobs + " jobs");
        }
        return new CliRun(command, code, shown, ms);
    }

    /** Job i: 8% FAILED, 1% RUNNING, 1% CANCELLED, the rest SUCCEEDED; every tenth (i % 10 == 5) a run of "hourly". */
    private static JobRecord job(int i, Instant created) {
        JobRecord record = JobRecord.queued(String.format("job-%06d", i), created);
        if (i % 10 == 5) {
            record = record.withSchedule("hourly");
        }
        int bucket = i % 100;
        JobRecord running = record.transitionTo(JobStatus.DISPATCHING, "deploying", created).withDeployAttempt(created)
                .transitionTo(JobStatus.RUNNING, "container running", created.plusSeconds(20));
        if (bucket < 8) {
            return running.finished(JobStatus.FAILED, 1, "container exited with code 1", created.plusSeconds(80));
        }
        if (bucket == 8) {
            return running;
        }
        if (bucket == 9) {
            return running.withCancelRequested(created.plusSeconds(30))
                    .finished(JobStatus.CANCELLED, null, "cancelled by request", created.plusSeconds(35));
        }
        return running.finished(JobStatus.SUCCEEDED, 0, "container exited with code 0", created.plusSeconds(80));
    }

    private static String tokenAfter(JobsApi api, int jobs) {
        String token = null;
        for (int read = 0; read < jobs; read += 1000) {
            Map<String, String> parameters = new LinkedHashMap<>(Map.of("limit", "1000"));
            if (token != null) {
                parameters.put("continuationToken", token);
            }
            int limit = Math.min(1000, jobs - read);
            parameters.put("limit", Integer.toString(limit));
            token = Json.read(ok(api.list(parameters)).body(), JsonNode.class).path("continuationToken").asText();
        }
        return token;
    }

    private static Figures measure(String name, JobsApi api, Map<String, String> parameters, Counter counter) {
        ok(api.list(parameters)); // warm: the first call also creates the tables' clients and connections
        List<Double> times = new ArrayList<>();
        long[] before = counter.snapshot();
        int returned = 0;
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            ApiResponse response = ok(api.list(parameters));
            times.add((System.nanoTime() - start) / 1e6);
            returned = Json.read(response.body(), JsonNode.class).path("jobs").size();
        }
        long[] after = counter.snapshot();
        times.sort(Double::compare);
        return new Figures(name, returned, times.get(RUNS / 2), (after[0] - before[0]) / RUNS,
                (after[1] - before[1]) / RUNS, (after[2] - before[2]) / RUNS);
    }

    private static ApiResponse ok(ApiResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("GET /api/jobs answered " + response.status() + ": " + response.body());
        }
        return response;
    }

    static void print(Report report, Result r) {
        report.section("9. Listing jobs at " + String.format("%,d", r.jobs()) + " records (Azurite, JobsApi.list: the"
                + " code behind GET /api/jobs and dispatchctl list; requests counted on the wire)");
        report.row("query (limit 50 unless said)", "jobs returned", "median ms (" + RUNS + " runs)",
                "index range queries", "record point reads", "other requests (scans)");
        for (Figures f : r.queries()) {
            report.row(f.name(), f.jobsReturned(), String.format("%.1f", f.medianMs()), f.indexQueries(),
                    f.pointReads(), f.otherRequests());
        }
        Figures all = r.pageAll();
        report.row(all.name() + " (" + r.pages() + " pages)", String.format("%,d", all.jobsReturned()),
                String.format("%,.0f (total)", all.medianMs()), all.indexQueries(), String.format("%,d", all.pointReads()),
                all.otherRequests());
        report.note(String.format("Writing the %,d jobs through TableJobStore (record plus index entries, %d writers)"
                + " took %.0f s, %,d requests (%.1f per job).", r.jobs(), WRITERS, r.seedSeconds(), r.seedRequests(),
                (double) r.seedRequests() / r.jobs()));
        report.note(String.format("For contrast, the filtered scan the store used to find jobs by status"
                + " (JobStore.list, a $filter on Status over the whole jobs table), asked for a status no job has: %,.0f ms"
                + " for Azurite to filter all %,d records and find %d. Azurite answers it in one request; Table Storage"
                + " returns at most 1,000 entities and runs at most five seconds per response and may stop at a"
                + " partition boundary (every job is its own partition) with a continuation token (Query Timeout and"
                + " Pagination), so there a scan's requests grow with the table.", r.scanMs(), r.jobs(), r.scanFound()));
        for (CliRun run : r.cliRuns()) {
            report.note(String.format("`%s` against the same %,d jobs: exit %d, %,d jobs shown, %,.0f ms (in this JVM: no"
                    + " process start).", run.command(), r.jobs(), run.exitCode(), run.jobsShown(), run.ms()));
        }
        report.note("A page costs one range query per index partition it reads (one per status asked for), plus one point"
                + " read per job it shows; a filter on schedule and status together reads the schedule's runs and keeps"
                + " the ones in those statuses, so it reads more records than it shows.");
    }
}
