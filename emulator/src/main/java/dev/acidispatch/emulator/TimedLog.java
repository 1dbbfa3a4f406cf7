package dev.acidispatch.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's log as ACI's logs operation serves it: lines, each with the time it was written. Immutable; see
 * {@link ContainerLogs} for the operation and its limits.
 */
final class TimedLog {
    static final TimedLog EMPTY = new TimedLog(List.of(), true);
    /** The form {@code docker logs --timestamps} prints (RFC 3339, nanoseconds, UTC), which ACI passes on. */
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    record Line(Instant at, String text) {
    }

    private final List<Line> lines;
    /** False when the last line has not been ended yet (the process is still writing it). */
    private final boolean complete;

    TimedLog(List<Line> lines, boolean complete) {
        this.lines = List.copyOf(lines);
        this.complete = complete || this.lines.isEmpty();
    }

    /** {@code text}'s lines, all written at {@code at}. */
    static TimedLog of(String text, Instant at) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<Line> lines = new ArrayList<>();
        boolean ended = text.endsWith("\n");
        for (String line : (ended ? text.substring(0, text.length() - 1) : text).split("\n", -1)) {
            lines.add(new Line(at, line));
        }
        return new TimedLog(lines, ended);
    }

    List<Line> lines() {
        return lines;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    TimedLog plus(TimedLog more) {
        if (isEmpty()) {
            return more;
        }
        if (more.isEmpty()) {
            return this;
        }
        List<Line> all = new ArrayList<>(lines);
        all.addAll(more.lines);
        return new TimedLog(all, more.complete);
    }

    /** The last {@code count} lines; none for {@code count <= 0}. */
    TimedLog tail(int count) {
        if (count <= 0) {
            return EMPTY;
        }
        return count >= lines.size() ? this : new TimedLog(lines.subList(lines.size() - count, lines.size()), complete);
    }

    /** The newest whole lines that fit in {@code maxBytes} of text (line ends included). */
    TimedLog lastBytes(long maxBytes) {
        long bytes = 0;
        int from = lines.size();
        while (from > 0) {
            long size = lines.get(from - 1).text().getBytes(StandardCharsets.UTF_8).length + 1L;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            from--;
        }
        return from == 0 ? this : new TimedLog(lines.subList(from, lines.size()), complete);
    }

    /** The plain text: each line and its newline (none after a last line still being written). */
    String text() {
        return render(false);
    }

    /** What the logs operation answers: with {@code timestamps}, each line starts with its time and a space. */
    String render(boolean timestamps) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (timestamps) {
                out.append(RFC3339_NANO.format(line.at())).append(' ');
            }
            out.append(line.text());
            if (i < lines.size() - 1 || complete) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Collects a process's output as it arrives: each line gets the time its first byte was read (a line written in
     * pieces keeps its first time). Thread-safe; keeps at most {@code maxBytes} of the newest lines.
     */
    static final class Recorder {
        private final List<Line> lines = new ArrayList<>();
        private final long maxBytes;
        private long bytes;
        private StringBuilder partial;
        private Instant partialAt;

        Recorder(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized void write(String chunk, Instant at) {
            int start = 0;
            while (start < chunk.length()) {
                if (partial == null) {
                    partial = new StringBuilder();
                    partialAt = at;
                }
                int end = chunk.indexOf('\n', start);
                if (end < 0) {
                    partial.append(chunk, start, chunk.length());
                    return;
                }
                partial.append(chunk, start, end);
                add(new Line(partialAt, partial.toString()));
                partial = null;
                start = end + 1;
            }
        }

        synchronized void writeLine(String text, Instant at) {
            add(new Line(at, text));
        }

        private void add(Line line) {
            lines.add(line);
            bytes += line.text().length() + 1L;
            while (bytes > maxBytes && lines.size() > 1) {
                bytes -= lines.remove(0).text().length() + 1L;
            }
        }

        synchronized TimedLog snapshot() {
            if (partial == null || partial.length() == 0) {
                return new TimedLog(lines, true);
            }
            List<Line> all = new ArrayList<>(lines);
            all.add(new Line(partialAt, partial.toString()));
            return new TimedLog(all, false);
        }
    }
}
