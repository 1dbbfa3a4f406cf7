package dev.acidispatch.api;

import dev.acidispatch.job.FieldError;
import dev.acidispatch.job.JobStatus;
import dev.acidispatch.store.JobQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of {@code GET /api/jobs} turned into a {@link JobQuery}: {@code status} (comma-separated status
 * names), {@code since} (an ISO-8601 instant or a date, meaning midnight UTC), {@code schedule}, {@code limit} and
 * {@code continuationToken}. Every problem is reported with the parameter's name and what would be valid; unknown
 * parameters are refused so a typo never silently widens the answer ({@code code}, the function key, is the host's).
 */
public final class JobListParameters {
    public static final String STATUS = "status";
    public static final String SINCE = "since";
    public static final String SCHEDULE = "schedule";
    public static final String LIMIT = "limit";
    public static final String CONTINUATION_TOKEN = "continuationToken";
    /** The Functions host's function-key parameter: allowed, never read here. */
    private static final String FUNCTION_KEY = "code";
    static final List<String> NAMES = List.of(STATUS, SINCE, SCHEDULE, LIMIT, CONTINUATION_TOKEN);

    private JobListParameters() {
    }

    /**
     * @throws InvalidParametersException listing one error per bad parameter
     */
    public static JobQuery parse(Map<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(NAMES);
        unknown.remove(FUNCTION_KEY);
        for (String name : unknown) {
            errors.add(new FieldError(name, "unknown parameter; valid parameters are: " + String.join(", ", NAMES)));
        }
        Set<JobStatus> statuses = statuses(parameters.get(STATUS), errors);
        Instant since = since(parameters.get(SINCE), errors);
        int limit = limit(parameters.get(LIMIT), errors);
        String schedule = blankToNull(parameters.get(SCHEDULE));
        String token = blankToNull(parameters.get(CONTINUATION_TOKEN));
        JobQuery query = null;
        if (errors.isEmpty()) {
            try {
                query = new JobQuery(statuses, since, null, limit, null);
            } catch (IllegalArgumentException e) {
                errors.add(asFieldError(e));
            }
        }
        if (schedule != null) {
            try {
                JobQuery.all().withSchedule(schedule);
            } catch (IllegalArgumentException e) {
                errors.add(asFieldError(e));
            }
        }
        if (token != null) {
            try {
                JobQuery.all().after(token);
            } catch (IllegalArgumentException e) {
                errors.add(asFieldError(e));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidParametersException(errors);
        }
        return query.withSchedule(schedule).after(token);
    }

    private static Set<JobStatus> statuses(String value, List<FieldError> errors) {
        if (blankToNull(value) == null) {
            return Set.of();
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String name : value.split(",")) {
            String trimmed = name.strip().toUpperCase(java.util.Locale.ROOT);
            try {
                statuses.add(JobStatus.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(STATUS, "'" + printable(name.strip()) + "' is not a job status; expected one"
                        + " or more of " + Arrays.toString(JobStatus.values()).replaceAll("[\\[\\] ]", "")
                        + ", separated by commas"));
            }
        }
        return statuses;
    }

    private static Instant since(String value, List<FieldError> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                errors.add(new FieldError(SINCE, "'" + printable(text) + "' is not a time; expected an ISO-8601 instant"
                        + " such as 2026-12-01T00:00:00Z, or a date such as 2026-12-01 (midnight UTC)"));
                return null;
            }
        }
    }

    private static int limit(String value, List<FieldError> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return JobQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= JobQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        errors.add(new FieldError(LIMIT, "'" + printable(text) + "' is not allowed; expected a whole number from 1 to "
                + JobQuery.MAX_LIMIT + " (default " + JobQuery.DEFAULT_LIMIT + ")"));
        return JobQuery.DEFAULT_LIMIT;
    }

    /** JobQuery's messages start with the parameter name: "limit: ...". */
    private static FieldError asFieldError(IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon > 0 ? new FieldError(message.substring(0, colon), message.substring(colon + 2))
                : new FieldError("?", message);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String printable(String value) {
        String shortened = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }

    /** The query string had bad values; each error names its parameter. */
    public static final class InvalidParametersException extends RuntimeException {
        private final List<FieldError> errors;

        public InvalidParametersException(List<FieldError> errors) {
            super("invalid query: " + errors.get(0));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
