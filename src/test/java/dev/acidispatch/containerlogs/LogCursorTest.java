package dev.acidispatch.containerlogs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogCursorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static LogLine line(long millis, String text) {
        return LogLine.output(T0.plusMillis(millis), text);
    }

    /** Reads {@code answer} with {@code cursor}, returning the output lines' texts and markers as "!" + text. */
    private static List<String> texts(LogCursor.Advance step) {
        return step.fresh().stream().map(l -> l.marker() ? "!" : l.text()).toList();
    }

    @Test
    void theFirstReadTakesEverything() {
        List<LogLine> log = List.of(line(0, "a"), line(1, "b"));
        LogCursor.Advance step = LogCursor.START.advance(log);
        assertEquals(List.of("a", "b"), texts(step));
        assertEquals(T0.plusMillis(1), step.next().at());
    }

    @Test
    void theSlidingWindowOf800Sleep700PrintsEachLineOnce() {
        // The job: seq 1 800; sleep 5; seq 801 1500, read through a 1,000-line window (tail=1000).
        List<LogLine> log = new ArrayList<>();
        for (int i = 1; i <= 1500; i++) {
            log.add(line(i <= 800 ? i : 5000 + i, String.valueOf(i)));
        }
        LogCursor cursor = LogCursor.START;
        List<String> printed = new ArrayList<>();
        for (int produced : new int[]{300, 800, 800, 1100, 1500, 1500}) {
            List<LogLine> window = log.subList(Math.max(0, produced - 1000), produced);
            LogCursor.Advance step = cursor.advance(window);
            printed.addAll(texts(step));
            cursor = step.next();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 1500; i++) {
            expected.add(String.valueOf(i));
        }
        assertEquals(expected, printed);
    }

    @Test
    void identicalLinesAreNotMistakenForOnesAlreadyRead() {
        List<LogLine> log = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.add(line(i, "same"));
        }
        LogCursor.Advance first = LogCursor.START.advance(log.subList(0, 20));
        LogCursor.Advance second = first.next().advance(log.subList(10, 50));
        assertEquals(20, first.fresh().size());
        assertEquals(30, second.fresh().size());
        assertFalse(second.hasGap());
    }

    @Test
    void linesWithTheSameTimeAreCountedNotCollapsed() {
        List<LogLine> log = List.of(line(0, "x"), line(5, "y"), line(5, "y"), line(5, "z"), line(5, "y"), line(9, "w"));
        LogCursor.Advance first = LogCursor.START.advance(log.subList(0, 3));
        assertEquals(2, first.next().seenAtInstant());
        LogCursor.Advance second = first.next().advance(log);
        assertEquals(List.of("z", "y", "w"), texts(second));
        LogCursor.Advance again = second.next().advance(log);
        assertTrue(again.fresh().isEmpty());
        assertEquals(second.next(), again.next());
    }

    @Test
    void aWindowWhoseStartMovedIntoLinesOfTheSameTimeStillLinesUp() {
        List<LogLine> log = new ArrayList<>();
        log.add(line(0, "before"));
        for (int i = 0; i < 6; i++) {
            log.add(line(7, "burst " + i));
        }
        LogCursor.Advance first = LogCursor.START.advance(log.subList(0, 5)); // before, burst 0..3
        // The window now starts at burst 2 (before, burst 0, burst 1 dropped) and the burst has grown to 6.
        LogCursor.Advance second = first.next().advance(log.subList(3, 7));
        assertEquals(List.of("burst 4", "burst 5"), texts(second));
        assertEquals(6, second.next().seenAtInstant());
    }

    @Test
    void aWindowThatMovedPastTheCursorGetsOneMarkerWithAnEstimate() {
        List<LogLine> log = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            log.add(line(i * 10L, "line " + i)); // 100 lines a second
        }
        LogCursor.Advance first = LogCursor.START.advance(log.subList(0, 1000));
        LogCursor.Advance second = first.next().advance(log.subList(2000, 3000));
        assertEquals("!", texts(second).get(0));
        assertEquals(1001, second.fresh().size());
        assertTrue(second.fresh().get(0).text().startsWith("about 1000 lines not shown"), second.fresh().get(0).text());
        assertEquals(1, second.fresh().stream().filter(LogLine::marker).count());
        // The marker is read like a line: reading the same answer again adds nothing, and never the marker twice.
        assertTrue(second.next().advance(log.subList(2000, 3000)).fresh().isEmpty());
    }

    @Test
    void aMarkerWithoutARateSaysLinesMayBeMissing() {
        LogCursor cursor = LogCursor.START.advance(List.of(line(0, "a"))).next();
        LogCursor.Advance step = cursor.advance(List.of(line(100, "z")));
        assertEquals("!", texts(step).get(0));
        assertTrue(step.fresh().get(0).text().startsWith("lines may be missing here"));
    }

    @Test
    void aCursorReadingAStoredLogWithMarkersMatchesACIsAnswerWithoutThem() {
        // The stored log has a marker in front of line@5; ACI's next answer starts at that line.
        List<LogLine> stored = List.of(LogLine.marker(T0.plusMillis(5), "about 3 lines not shown"), line(5, "k"));
        LogCursor cursor = LogCursor.after(stored);
        LogCursor.Advance step = cursor.advance(List.of(line(5, "k"), line(6, "l")));
        assertEquals(List.of("l"), texts(step));
    }

    @Test
    void randomizedReadsPrintEveryLineExactlyOnceWhileTheWindowHoldsTheCursor() {
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            List<LogLine> log = new ArrayList<>();
            long t = 0;
            int total = 200 + random.nextInt(400);
            for (int i = 0; i < total; i++) {
                t += random.nextInt(3) == 0 ? 0 : random.nextInt(4); // many equal times
                log.add(line(t, random.nextInt(4) == 0 ? "dup" : "l" + random.nextInt(5)));
            }
            int window = 20 + random.nextInt(80);
            LogCursor cursor = LogCursor.START;
            List<LogLine> printed = new ArrayList<>();
            int produced = 0;
            while (produced < total) {
                // Never more new lines than the window minus one, so the line the cursor stands on stays visible.
                produced = Math.min(total, produced + 1 + random.nextInt(window - 1));
                LogCursor.Advance step = cursor.advance(log.subList(Math.max(0, produced - window), produced));
                assertFalse(step.hasGap(), "round " + round);
                printed.addAll(step.fresh());
                cursor = step.next();
                // The token round-trips.
                assertEquals(cursor, LogCursor.parse(cursor.token()));
            }
            assertEquals(log, printed, "round " + round);
        }
    }

    @Test
    void randomizedReadsThatFallBehindMarkEveryGapAndNeverRepeatALine() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<LogLine> log = new ArrayList<>();
            int total = 300 + random.nextInt(300);
            for (int i = 0; i < total; i++) {
                log.add(line(i * 3L + random.nextInt(3), "n" + i)); // distinct text, ordered times
            }
            int window = 10 + random.nextInt(40);
            LogCursor cursor = LogCursor.START;
            List<String> printed = new ArrayList<>();
            int produced = 0;
            int behind = 0;
            while (produced < total) {
                int before = produced;
                int grow = before == 0 ? random.nextInt(window) : random.nextInt(window * 2);
                produced = Math.min(total, produced + 1 + grow);
                boolean fellBehind = produced - before >= window && before > 0;
                LogCursor.Advance step = cursor.advance(log.subList(Math.max(0, produced - window), produced));
                assertEquals(fellBehind, step.hasGap(), "round " + round);
                behind += fellBehind ? 1 : 0;
                printed.addAll(texts(step));
                cursor = step.next();
            }
            // Every line printed is in order, at most once, and every skipped stretch has exactly one marker.
            int expectedNext = 0;
            boolean markerPending = false;
            int markers = 0;
            for (String text : printed) {
                if (text.equals("!")) {
                    markerPending = true;
                    markers++;
                    continue;
                }
                int n = Integer.parseInt(text.substring(1));
                assertTrue(n >= expectedNext, "round " + round + ": line " + n + " printed again");
                assertTrue(n == expectedNext || markerPending, "round " + round + ": lines before " + n
                        + " skipped without a marker");
                expectedNext = n + 1;
                markerPending = false;
            }
            assertEquals(behind, markers);
            assertEquals(total, expectedNext);
        }
    }

    @Test
    void aTokenThatIsNotACursorIsRefusedNamingSince() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogCursor.parse("12-x"));
        assertTrue(e.getMessage().startsWith("since:"), e.getMessage());
        assertEquals(LogCursor.START, LogCursor.parse("start"));
        assertEquals(LogCursor.START, LogCursor.parse(""));
    }

    @Test
    void parsesACIsTimestampedLinesAndKeepsAPartialLastLineForLater() {
        String content = "2026-12-01T10:00:00.123456789Z hello world\n2026-12-01T10:00:01Z  indented\n"
                + "2026-12-01T10:00:02.5Z partial";
        List<LogLine> running = LogLine.parse(content, false);
        assertEquals(2, running.size());
        assertEquals(Instant.parse("2026-12-01T10:00:00.123456789Z"), running.get(0).at());
        assertEquals("hello world", running.get(0).text());
        assertEquals(" indented", running.get(1).text());
        assertEquals(3, LogLine.parse(content, true).size());
        LogLine marker = LogLine.marker(T0, "gap");
        assertEquals(List.of(marker, line(1, "x y")), LogLine.parse(LogLine.store(List.of(marker, line(1, "x y"))),
                true));
    }
}
