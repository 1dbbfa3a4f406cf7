package dev.acidispatch.containerlogs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of a container's log with the time ACI gave it, or a marker this app inserted where lines are missing.
 *
 * <p>ACI's logs operation with {@code timestamps=true} prefixes every line with its time and a space
 * (Containers_ListLogs, containerInstance.json 2023-05-01: "If true, adds a timestamp at the beginning of every line");
 * the time is RFC 3339 with nanoseconds, as {@code docker logs --timestamps} prints it. The stored form is the same
 * text, and a marker is stored as the time immediately followed by {@value #MARKER_SEPARATOR} (no space), which no ACI
 * line can look like.
 */
public record LogLine(Instant at, String text, boolean marker) {
    static final char MARKER_SEPARATOR = '!';
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    public LogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
    }

    public static LogLine output(Instant at, String text) {
        return new LogLine(at, text, false);
    }

    public static LogLine marker(Instant at, String text) {
        return new LogLine(at, text, true);
    }

    /** The line as stored: {@code <time> <text>}, or {@code <time>!<marker text>}. */
    public String stored() {
        return formatTime(at) + (marker ? String.valueOf(MARKER_SEPARATOR) : " ") + text;
    }

    /** The line as a reader sees it: the output as printed, a marker in ellipses. */
    public String display() {
        return marker ? "… " + text + " …" : text;
    }

    /** Identifies the line's content for the cursor: FNV-1a over the marker flag and the UTF-8 text, 8 hex digits. */
    String digest() {
        int hash = 0x811c9dc5;
        hash = (hash ^ (marker ? 'm' : 'o')) * 0x01000193;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return String.format("%08x", hash);
    }

    public static String formatTime(Instant at) {
        return RFC3339_NANO.format(at);
    }

    /**
     * Parses a log as ACI serves it with {@code timestamps=true} (or as stored). A line without a readable time (which
     * ACI does not send, but a hand-edited blob might have) keeps the time of the line before it.
     *
     * @param complete whether the log can no longer grow (the container ended): a last line without its newline is
     *                 kept; while it runs, such a line may still be written to and is left for the next read
     */
    public static List<LogLine> parse(String content, boolean complete) {
        List<LogLine> lines = new ArrayList<>();
        if (content == null || content.isEmpty()) {
            return lines;
        }
        int start = 0;
        Instant previous = Instant.EPOCH;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0 && !complete) {
                break;
            }
            String raw = content.substring(start, end < 0 ? content.length() : end);
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            LogLine line = parseLine(raw, previous);
            lines.add(line);
            previous = line.at();
            start = end < 0 ? content.length() : end + 1;
        }
        return lines;
    }

    static LogLine parseLine(String raw, Instant previous) {
        int space = raw.indexOf(' ');
        int bang = raw.indexOf(MARKER_SEPARATOR);
        int cut = space < 0 ? bang : bang < 0 ? space : Math.min(space, bang);
        if (cut > 0) {
            try {
                Instant at = OffsetDateTime.parse(raw.substring(0, cut)).toInstant();
                return new LogLine(at, raw.substring(cut + 1), raw.charAt(cut) == MARKER_SEPARATOR);
            } catch (DateTimeParseException e) {
                // Not a time: the whole line is output.
            }
        }
        return output(previous, raw);
    }

    /** Stored form of many lines, one per line, each ending in a newline. */
    public static String store(List<LogLine> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.stored()).append('\n'));
        return text.toString();
    }

    /** What a reader sees of many lines, each ending in a newline. */
    public static String display(List<LogLine> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.display()).append('\n'));
        return text.toString();
    }
}
