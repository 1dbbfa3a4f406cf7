package dev.acidispatch.store;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import dev.acidispatch.job.JobRecord;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link TableJobStore#query} sends to Table Storage: every request is recorded on the wire (an HTTP pipeline
 * policy on Azurite's Table service), and each must be a RowKey range inside one index partition or a point read of
 * one record. A filter on any other property, or a request that lists the jobs table, would be a scan, whose cost grows
 * with the number of records kept; the figures for 100,000 records are in docs/benchmarks.md (section 9).
 */
class JobQueryShapeTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final int JOBS = 300;
    private static final Pattern RANGE = Pattern.compile(
            "^PartitionKey eq '(all|status-[A-Z_]+|schedule-[a-z0-9-]+)'( and RowKey gt '\\d{19}-[a-z0-9-]+')?"
                    + "( and RowKey lt '\\d{19}\\.')?$");

    private static String connectionString;
    private final List<URI> sent = Collections.synchronizedList(new ArrayList<>());
    private String table;
    private TableJobStore store;

    @BeforeAll
    static void azurite() {
        connectionString = Azurite.shared().connectionString();
    }

    @BeforeEach
    void fill() {
        HttpPipelinePolicy recorder = (context, next) -> {
            if (context.getHttpRequest().getHttpMethod() == HttpMethod.GET) {
                sent.add(URI.create(context.getHttpRequest().getUrl().toString()));
            }
            return next.process();
        };
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(connectionString)
                .addPolicy(recorder).buildClient();
        table = "shape" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        store = new TableJobStore(tables, table, 40);
        for (int i = 0; i < JOBS; i++) {
            Instant at = T0.plusSeconds(i);
            JobRecord record = JobRecord.queued(String.format("job-%04d", i), at);
            store.create(i % 10 == 0 ? record.withSchedule("nightly") : record);
            if (i % 3 == 0) {
                store.update(record.jobId(), r -> r.transitionTo(JobStatus.DISPATCHING, "go", at)
                        .transitionTo(JobStatus.RUNNING, "started", at)
                        .finished(JobStatus.FAILED, 1, "exit 1", at.plusSeconds(1)));
            }
        }
        sent.clear();
    }

    @Test
    void pagingThroughEveryJobSendsOnlyRangeQueriesOnTheIndexAndPointReadsOfRecords() {
        Set<String> seen = new HashSet<>();
        JobPage page = store.query(JobQuery.all().withLimit(50));
        int pages = 1;
        seen.addAll(ids(page));
        while (page.continuationToken() != null) {
            page = store.query(JobQuery.all().withLimit(50).after(page.continuationToken()));
            seen.addAll(ids(page));
            pages++;
        }
        assertEquals(JOBS, seen.size());
        assertEquals(6, pages);

        Shape shape = shapeOf(sent);
        assertEquals(JOBS, shape.pointReads, "one point read per job listed");
        assertTrue(shape.filters.stream().allMatch(f -> f.startsWith("PartitionKey eq 'all'")), shape.filters.toString());
        assertTrue(shape.indexQueries <= pages + 6, "one range query per page (plus the SDK's follow-ups of a "
                + "page cut at 1,000 entities or at a page boundary): " + shape.indexQueries);
    }

    @Test
    void statusSinceAndScheduleFiltersAreRowKeyRangesInTheirOwnPartitions() {
        JobPage failed = store.query(JobQuery.all().withStatuses(EnumSet.of(JobStatus.FAILED, JobStatus.RUNNING))
                .withSince(T0.plusSeconds(150)).withLimit(20));
        assertEquals(20, failed.jobs().size());
        assertTrue(failed.jobs().stream().allMatch(r -> r.status() == JobStatus.FAILED
                && !r.createdAt().isBefore(T0.plusSeconds(150))));
        assertEquals("job-0297", failed.jobs().get(0).jobId(), "newest first");
        store.query(JobQuery.all().withSchedule("nightly").withLimit(5).after(failed.continuationToken()));

        Shape shape = shapeOf(sent);
        assertEquals(List.of(
                        "PartitionKey eq 'status-RUNNING' and RowKey lt '" + JobOrder.boundAfter(T0.plusSeconds(150)) + "'",
                        "PartitionKey eq 'status-FAILED' and RowKey lt '" + JobOrder.boundAfter(T0.plusSeconds(150)) + "'",
                        "PartitionKey eq 'schedule-nightly' and RowKey gt '"
                                + JobOrder.keyOf(failed.jobs().get(19)) + "'"),
                shape.filters);
        assertEquals(20 + 5, shape.pointReads);
    }

    private record Shape(List<String> filters, int indexQueries, int pointReads) {
    }

    /** Sorts the recorded GETs into index range queries and record point reads; anything else fails the test. */
    private Shape shapeOf(List<URI> requests) {
        List<String> filters = new ArrayList<>();
        int indexQueries = 0;
        int pointReads = 0;
        Pattern pointRead = Pattern.compile("^/devstoreaccount1/" + table
                + "\\(PartitionKey='([a-z0-9-]+)',RowKey='\\1'\\)$");
        for (URI uri : List.copyOf(requests)) {
            String path = URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
            if (pointRead.matcher(path).matches()) {
                pointReads++;
                continue;
            }
            assertEquals("/devstoreaccount1/" + table + TableJobStore.INDEX_SUFFIX + "()", path,
                    "only the index table is queried: " + uri);
            String filter = queryParameter(uri, "$filter");
            assertTrue(RANGE.matcher(filter).matches(), "a RowKey range in one partition: " + filter);
            if (queryParameter(uri, "NextPartitionKey") == null) {
                filters.add(filter);
            }
            indexQueries++;
        }
        return new Shape(filters, indexQueries, pointReads);
    }

    private static String queryParameter(URI uri, String name) {
        Matcher m = Pattern.compile("(?:^|&)" + Pattern.quote(name) + "=([^&]*)").matcher(uri.getRawQuery() == null
                ? "" : uri.getRawQuery().replace("%24", "$"));
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    private static List<String> ids(JobPage page) {
        return page.jobs().stream().map(JobRecord::jobId).toList();
    }
}
