package dev.acidispatch.local.up;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A timer trigger's schedule: a six-field NCRONTAB expression {@code {second} {minute} {hour} {day} {month}
 * {day-of-week}}, evaluated in UTC, as the Azure Functions timer trigger reads it (learn.microsoft.com
 * azure-functions/functions-bindings-timer, "NCRONTAB expressions" and "NCRONTAB time zones": UTC unless
 * WEBSITE_TIME_ZONE is set). Each field takes {@code *}, a value, a range {@code a-b}, a step {@code * /n},
 * {@code a-b/n} or {@code a/n}, or a comma-separated list of those; months and days of the week also take their
 * three-letter English names. Day of month and day of week must both match, as in the NCrontab library the host uses
 * (atifaziz/NCrontab, CrontabSchedule.TryGetNextOccurrence checks the day of week after the day).
 */
public final class NcrontabSchedule {
    private static final List<String> FIELD_NAMES = List.of("second", "minute", "hour", "day", "month", "day-of-week");
    private static final int[] MIN = {0, 0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 59, 23, 31, 12, 6};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough to find "29 Feb on a Monday"; an expression with no occurrence in this span never fires. */
    private static final int SEARCH_DAYS = 366 * 30;

    private final String expression;
    private final BitSet[] fields = new BitSet[6];

    private NcrontabSchedule(String expression) {
        this.expression = expression;
        String[] tokens = expression.trim().split("\\s+");
        if (tokens.length != 6) {
            throw new IllegalArgumentException("'" + expression + "' is not a six-field NCRONTAB expression "
                    + "({second} {minute} {hour} {day} {month} {day-of-week}), e.g. 0 */1 * * * * for every minute");
        }
        for (int i = 0; i < 6; i++) {
            fields[i] = parseField(i, tokens[i]);
        }
    }

    /** @throws IllegalArgumentException naming the field that is not valid */
    public static NcrontabSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new NcrontabSchedule(expression);
    }

    public String expression() {
        return expression;
    }

    /** The first occurrence strictly after {@code after} (UTC), or empty when there is none within 30 years. */
    public Optional<Instant> next(Instant after) {
        LocalDateTime base = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = base.toLocalDate();
        for (int d = 0; d < SEARCH_DAYS; d++, day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            LocalTime from = d == 0 ? base.toLocalTime().plusSeconds(1) : LocalTime.MIDNIGHT;
            if (d == 0 && base.toLocalTime().equals(LocalTime.of(23, 59, 59))) {
                continue;
            }
            Optional<LocalTime> time = firstTimeFrom(from);
            if (time.isPresent()) {
                return Optional.of(LocalDateTime.of(day, time.get()).toInstant(ZoneOffset.UTC));
            }
        }
        return Optional.empty();
    }

    private boolean matchesDay(LocalDate day) {
        int dayOfWeek = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue();
        return fields[4].get(day.getMonthValue()) && fields[3].get(day.getDayOfMonth()) && fields[5].get(dayOfWeek);
    }

    private Optional<LocalTime> firstTimeFrom(LocalTime from) {
        for (int h = fields[2].nextSetBit(from.getHour()); h >= 0; h = fields[2].nextSetBit(h + 1)) {
            int firstMinute = h == from.getHour() ? from.getMinute() : 0;
            for (int m = fields[1].nextSetBit(firstMinute); m >= 0; m = fields[1].nextSetBit(m + 1)) {
                int firstSecond = h == from.getHour() && m == from.getMinute() ? from.getSecond() : 0;
                int s = fields[0].nextSetBit(firstSecond);
                if (s >= 0) {
                    return Optional.of(LocalTime.of(h, m, s));
                }
            }
        }
        return Optional.empty();
    }

    private static BitSet parseField(int index, String token) {
        BitSet values = new BitSet(MAX[index] + 1);
        for (String item : token.split(",", -1)) {
            parseItem(index, token, item, values);
        }
        return values;
    }

    private static void parseItem(int index, String token, String item, BitSet values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(index, token, item.substring(slash + 1), 1, MAX[index] - MIN[index] + 1);
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = MIN[index];
            to = MAX[index];
        } else if (range.contains("-")) {
            String[] ends = range.split("-", -1);
            if (ends.length != 2) {
                throw invalid(index, token, "'" + item + "' is not a range such as 1-5");
            }
            from = value(index, token, ends[0]);
            to = value(index, token, ends[1]);
            if (from > to) {
                throw invalid(index, token, "the range " + range + " runs backwards");
            }
        } else {
            from = value(index, token, range);
            to = slash >= 0 ? MAX[index] : from;
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    private static int value(int index, String token, String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (index == 4 && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (index == 5 && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        return number(index, token, text, MIN[index], MAX[index]);
    }

    private static int number(int index, String token, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw invalid(index, token, text + " is outside " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(index, token, "'" + text + "' is not a number" + (index == 4 ? " or month name (Jan-Dec)"
                    : index == 5 ? " or day name (Sun-Sat)" : ""));
        }
    }

    private static IllegalArgumentException invalid(int index, String token, String why) {
        return new IllegalArgumentException("the " + FIELD_NAMES.get(index) + " field '" + token + "' is not valid: "
                + why + " (allowed " + MIN[index] + "-" + MAX[index] + ")");
    }

    @Override
    public String toString() {
        return expression;
    }
}
