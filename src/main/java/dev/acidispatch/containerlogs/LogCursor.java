package dev.acidispatch.containerlogs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a reader has read a container's log: the time of the last line it has, how many lines with exactly that
 * time it has, and a digest of each of the last {@value #KEPT_DIGESTS} of those. Overlap between what was read and a
 * new answer is found by time and content, never by "is the old text a prefix": ACI's answer is a window that drops
 * its oldest lines as the log grows (running: "up to 4mb", Containers_ListLogs; stopped: 16 KB or 1,000 lines, quota
 * doc container-instances-resource-and-quota-limits), lines repeat, and several lines can share one time.
 *
 * <p>Lines older than the cursor's time were read; newer ones are new. Of the lines at exactly the cursor's time,
 * the longest run at their start whose digests equal the end of what was read is skipped; the rest are new. When the
 * line the cursor stands on is no longer in the answer, lines between it and the answer's first line may have been
 * dropped before anyone read them: {@link #advance} then puts a {@link LogLine#marker marker} saying so (with an
 * estimate of how many) in front of the new lines, never a silent gap.
 *
 * <p>The token ({@link #token()}) is URL-safe: {@code <epochSecond>.<nanos>-<count>-<digest>.<digest>…}, or
 * {@value #START_TOKEN} for the beginning.
 */
public record LogCursor(Instant at, int seenAtInstant, List<String> digests) {
    public static final String START_TOKEN = "start";
    public static final LogCursor START = new LogCursor(null, 0, List.of());
    static final int KEPT_DIGESTS = 16;
    private static final Pattern TOKEN = Pattern.compile(
            "(-?\\d{1,12})\\.(\\d{1,9})-(\\d{1,9})-((?:[0-9a-f]{8})(?:\\.[0-9a-f]{8}){0," + (KEPT_DIGESTS - 1) + "})");

    public LogCursor {
        digests = List.copyOf(digests);
        if ((at == null) != (seenAtInstant == 0)) {
            throw new IllegalArgumentException("at and seenAtInstant: a cursor has a time exactly when it has read lines");
        }
        if (digests.size() > Math.min(seenAtInstant, KEPT_DIGESTS)) {
            throw new IllegalArgumentException("digests: at most one per line read at the cursor's time, and at most "
                    + KEPT_DIGESTS);
        }
    }

    public boolean isStart() {
        return at == null;
    }

    public String token() {
        if (isStart()) {
            return START_TOKEN;
        }
        return at.getEpochSecond() + "." + at.getNano() + "-" + seenAtInstant + "-" + String.join(".", digests);
    }

    /**
     * Reads a token given by {@link #token()}; null, blank or {@value #START_TOKEN} is the beginning.
     *
     * @throws IllegalArgumentException naming {@code since} when the text is not a cursor
     */
    public static LogCursor parse(String token) {
        if (token == null || token.isBlank() || START_TOKEN.equals(token.trim())) {
            return START;
        }
        Matcher m = TOKEN.matcher(token.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("since: '" + (token.length() > 80 ? token.substring(0, 80) + "…" : token)
                    + "' is not a log cursor; pass the 'next' value of the previous answer, or 'start'");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        int seen = Integer.parseInt(m.group(3));
        List<String> digests = List.of(m.group(4).split("\\."));
        if (seen < 1 || digests.size() > seen) {
            throw new IllegalArgumentException("since: the cursor's line count is inconsistent; pass the 'next' value of "
                    + "the previous answer, or 'start'");
        }
        return new LogCursor(at, seen, digests);
    }

    /** The cursor after reading {@code lines} from the beginning. */
    public static LogCursor after(List<LogLine> lines) {
        return START.advance(lines).next();
    }

    /**
     * What {@code answer} (a whole log or a window of one, oldest line first) adds to what this cursor has read.
     */
    public Advance advance(List<LogLine> answer) {
        Objects.requireNonNull(answer, "answer");
        if (isStart()) {
            return new Advance(List.copyOf(answer), START.following(answer));
        }
        int first = 0;
        while (first < answer.size() && answer.get(first).at().isBefore(at)) {
            first++;
        }
        int end = first;
        while (end < answer.size() && answer.get(end).at().equals(at)) {
            end++;
        }
        List<LogLine> sameTime = answer.subList(first, end);
        boolean readLinesBefore = first > 0;
        int overlap = overlap(sameTime);
        // The line this cursor stands on is no longer in the answer: the window moved past it between two reads.
        boolean gap = !answer.isEmpty() && !readLinesBefore && overlap == 0;
        List<LogLine> fresh = new ArrayList<>(answer.subList(first + overlap, answer.size()));
        if (gap && !fresh.isEmpty()) {
            fresh.add(0, missingMarker(at, fresh));
        }
        if (fresh.isEmpty()) {
            return new Advance(List.of(), this);
        }
        return new Advance(fresh, following(fresh));
    }

    /** How many lines at the start of {@code sameTime} were read already (0 when none can be matched). */
    private int overlap(List<LogLine> sameTime) {
        int g = sameTime.size();
        int m = digests.size();
        if (g >= seenAtInstant && matchesEnd(sameTime, seenAtInstant, m)) {
            return seenAtInstant; // the usual case: everything read at this time is still there
        }
        // The window's start moved into the lines of this time (or a marker we added is not in ACI's answer):
        // the longest run at the start that equals the end of what was read.
        for (int k = Math.min(g, seenAtInstant); k >= 1; k--) {
            if (matchesEnd(sameTime, k, Math.min(m, k))) {
                return k;
            }
        }
        return 0;
    }

    /** Whether {@code lines[k-n..k)} carry the last {@code n} digests. */
    private boolean matchesEnd(List<LogLine> lines, int k, int n) {
        for (int i = 0; i < n; i++) {
            if (!lines.get(k - n + i).digest().equals(digests.get(digests.size() - n + i))) {
                return false;
            }
        }
        return true;
    }

    /** The cursor after also reading {@code fresh}, which directly follows what this cursor has read. */
    private LogCursor following(List<LogLine> fresh) {
        if (fresh.isEmpty()) {
            return this;
        }
        Instant last = fresh.get(fresh.size() - 1).at();
        List<String> kept = new ArrayList<>();
        int count = 0;
        if (last.equals(at)) {
            kept.addAll(digests);
            count = seenAtInstant;
        }
        for (LogLine line : fresh) {
            if (line.at().equals(last)) {
                kept.add(line.digest());
                count++;
            }
        }
        List<String> tail = kept.subList(Math.max(0, kept.size() - KEPT_DIGESTS), kept.size());
        return new LogCursor(last, count, tail);
    }

    /**
     * The marker for lines that may have been dropped between {@code after} and the first fresh line: how many, by the
     * rate of the lines that are there (rounded), or plainly that some may be missing when there is no rate to go by.
     */
    static LogLine missingMarker(Instant after, List<LogLine> fresh) {
        Instant before = fresh.get(0).at();
        long estimate = LogGaps.estimateMissing(after, fresh);
        String text = estimate > 0
                ? "about " + estimate + " lines not shown: ACI no longer had them when the log was read (between "
                        + LogLine.formatTime(after) + " and " + LogLine.formatTime(before) + ")"
                : "lines may be missing here: ACI's log no longer reached back to " + LogLine.formatTime(after)
                        + " when it was read";
        return LogLine.marker(before, text);
    }

    /**
     * One step of reading.
     *
     * @param fresh the lines not read before, oldest first, with a marker in front where lines may be missing
     * @param next  the cursor after them
     */
    public record Advance(List<LogLine> fresh, LogCursor next) {
        public Advance {
            fresh = List.copyOf(fresh);
        }

        public boolean hasGap() {
            return fresh.stream().anyMatch(LogLine::marker);
        }
    }
}
