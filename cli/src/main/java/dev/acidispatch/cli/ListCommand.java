package dev.acidispatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.api.JobListParameters;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.json.Json;
import dev.acidispatch.store.JobQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists jobs newest first through the same logic as {@code GET /api/jobs}, a page at a time, as aligned columns or
 * JSON. Never a scan: each page is a few index range reads plus one read per job listed.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List jobs, newest first: id, state, attempt, exit code, start time (UTC), run time, reason.",
                "Reads the job index in AzureWebJobsStorage a page at a time (no scan of the job records)."})
final class ListCommand extends ApiCommand implements Callable<Integer> {
    private static final Pattern RELATIVE = Pattern.compile("^(\\d{1,6})([smhd])$");
    private static final int REASON_WIDTH = 60;

    @Option(names = "--status", split = ",", paramLabel = "STATUS",
            description = "Only these statuses (comma-separated or repeated), e.g. RUNNING,FAILED.")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only jobs created at or after WHEN: 2026-12-01T00:00:00Z, 2026-12-01 (midnight UTC), or a "
                    + "time ago such as 90m, 24h, 7d.")
    String since;

    @Option(names = "--schedule", paramLabel = "NAME", description = "Only runs of this schedule.")
    String schedule;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most N jobs (default ${DEFAULT-VALUE}); read in pages of up to 1000.")
    int limit;

    @Option(names = "--all", description = "Every matching job, however many (pages through all of them).")
    boolean all;

    @Option(names = "--json", description = "Print {\"jobs\": [...], \"continuationToken\": ...} instead of columns.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new Dispatchctl.UsageException("--limit: " + limit + " is not allowed; expected 1 or more (or --all)");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!statuses.isEmpty()) {
            parameters.put(JobListParameters.STATUS, String.join(",", statuses));
        }
        if (since != null) {
            parameters.put(JobListParameters.SINCE, resolveSince(since));
        }
        if (schedule != null) {
            parameters.put(JobListParameters.SCHEDULE, schedule);
        }
        JobsApi api = api();
        ArrayNode jobs = Json.MAPPER.createArrayNode();
        String token = null;
        do {
            int want = all ? JobQuery.MAX_LIMIT : Math.min(JobQuery.MAX_LIMIT, limit - jobs.size());
            Map<String, String> page = new LinkedHashMap<>(parameters);
            page.put(JobListParameters.LIMIT, Integer.toString(want));
            if (token != null) {
                page.put(JobListParameters.CONTINUATION_TOKEN, token);
            }
            ApiResponse response = api.list(page);
            if (response.status() != 200) {
                return refused(response);
            }
            JsonNode body = Json.read(response.body(), JsonNode.class);
            body.path("jobs").forEach(jobs::add);
            token = body.path("continuationToken").isTextual() ? body.path("continuationToken").asText() : null;
        } while (token != null && (all || jobs.size() < limit));

        if (json) {
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.set("jobs", jobs);
            answer.put("continuationToken", token);
            out().println(Json.writePretty(answer));
        } else if (jobs.isEmpty()) {
            err().println("No jobs match.");
        } else {
            printTable(jobs);
            if (token != null) {
                err().println("(more jobs match: raise --limit, or use --all)");
            }
        }
        out().flush();
        return Dispatchctl.OK;
    }

    /** The API names query parameters; here they are options. */
    private int refused(ApiResponse response) {
        JsonNode body = Json.read(response.body(), JsonNode.class);
        err().println("dispatchctl list: " + body.path("error").asText("HTTP " + response.status()));
        body.path("errors").forEach(e -> err().println("  --" + e.path("path").asText() + ": "
                + e.path("message").asText()));
        return response.status() / 100 == 4 ? Dispatchctl.INVALID_INPUT : Dispatchctl.FAILURE;
    }

    /** "24h" is 24 hours before now; anything else goes to the API as written. */
    private static String resolveSince(String value) {
        Matcher m = RELATIVE.matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        long amount = Long.parseLong(m.group(1));
        Duration ago = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return Instant.now().minus(ago).toString();
    }

    private void printTable(ArrayNode jobs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"JOB ID", "STATE", "ATTEMPT", "EXIT", "STARTED (UTC)", "DURATION", "REASON"});
        for (JsonNode job : jobs) {
            rows.add(new String[]{
                    text(job.path("jobId")),
                    text(job.path("status")),
                    text(job.path("attempt")),
                    text(job.path("exitCode")),
                    time(job.path("startedAt")),
                    job.path("durationSeconds").isNumber() ? duration(job.path("durationSeconds").asLong()) : "",
                    abbreviate(text(job.path("reason")))});
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        boolean[] rightAligned = {false, false, true, true, false, true, false};
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                boolean last = c == columns - 1;
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(rightAligned[c] ? pad + cell : last ? cell : cell + pad);
                if (!last) {
                    line.append("  ");
                }
            }
            out().println(line.toString().stripTrailing());
        }
    }

    /** Job data is user data: control characters (terminal escapes) are never printed. */
    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "" : value.asText().replaceAll("\\p{Cntrl}", " ");
    }

    private static String abbreviate(String reason) {
        return reason.length() <= REASON_WIDTH ? reason : reason.substring(0, REASON_WIDTH - 1) + "…";
    }

    private static String time(JsonNode value) {
        String text = text(value);
        return text.length() >= 19 ? text.substring(0, 10) + " " + text.substring(11, 19) : text;
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        if (h > 0) {
            return h + "h" + String.format("%02d", m) + "m";
        }
        if (m > 0) {
            return m + "m" + String.format("%02d", s) + "s";
        }
        return s + "s";
    }
}
