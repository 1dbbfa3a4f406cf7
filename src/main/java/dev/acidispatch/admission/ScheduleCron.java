package dev.acidispatch.admission;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule's cron expression: classic UNIX cron, five fields (minute hour day-of-month month day-of-week), always
 * evaluated in UTC. Chosen over Quartz or the Functions runtime's six-field NCRONTAB because it is what
 * {@code crontab(5)} users write, and minute resolution matches the job ids ({@code <name>-<yyyyMMddHHmm>}).
 */
public final class ScheduleCron {
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};

    private final String expression;
    private final ExecutionTime executionTime;

    private ScheduleCron(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a five-field UNIX cron expression.
     *
     * @throws IllegalArgumentException naming the field that is wrong, e.g. "cron: the hour field '25' is not valid"
     */
    public static ScheduleCron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron: required; give five fields (minute hour day-of-month month"
                    + " day-of-week) such as '0 2 * * *' for 02:00 UTC every day");
        }
        String trimmed = expression.trim();
        String[] parts = trimmed.split("\\s+");
        if (parts.length != FIELDS.length) {
            throw new IllegalArgumentException("cron: '" + trimmed + "' has " + parts.length + " fields; UNIX cron has"
                    + " five (minute hour day-of-month month day-of-week), e.g. '0 2 * * *'");
        }
        CronParser parser = new CronParser(UNIX);
        for (int i = 0; i < parts.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = parts[i];
            try {
                parser.parse(String.join(" ", alone)).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cron: the " + FIELDS[i] + " field '" + parts[i] + "' is not valid ("
                        + e.getMessage() + "); expected " + expected(i), e);
            }
        }
        try {
            Cron cron = parser.parse(String.join(" ", parts)).validate();
            return new ScheduleCron(String.join(" ", parts), cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron: '" + trimmed + "' is not valid: " + e.getMessage(), e);
        }
    }

    private static String expected(int field) {
        return switch (field) {
            case 0 -> "0-59, lists, ranges or steps such as */15";
            case 1 -> "0-23, lists, ranges or steps";
            case 2 -> "1-31, lists, ranges or steps";
            case 3 -> "1-12 or JAN-DEC, lists, ranges or steps";
            default -> "0-7 or SUN-SAT (0 and 7 are Sunday), lists, ranges or steps";
        };
    }

    public String expression() {
        return expression;
    }

    /**
     * Occurrences in {@code (after, upTo]}, most recent first, at most {@code limit} of them.
     */
    public List<Instant> occurrencesBackwards(Instant after, Instant upTo, int limit) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(upTo, "upTo");
        List<Instant> found = new ArrayList<>();
        // lastExecution is strictly before its argument; start one minute later and skip what lies beyond upTo.
        ZonedDateTime cursor = upTo.atZone(ZoneOffset.UTC).plusMinutes(1);
        while (found.size() < limit) {
            Optional<ZonedDateTime> previous = executionTime.lastExecution(cursor);
            if (previous.isEmpty() || !previous.get().toInstant().isAfter(after)) {
                break;
            }
            if (!previous.get().toInstant().isAfter(upTo)) {
                found.add(previous.get().toInstant());
            }
            cursor = previous.get();
        }
        return found;
    }

    /** The first occurrence strictly after {@code instant}, if the expression has one. */
    public Optional<Instant> next(Instant instant) {
        return executionTime.nextExecution(instant.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    @Override
    public String toString() {
        return expression;
    }
}
