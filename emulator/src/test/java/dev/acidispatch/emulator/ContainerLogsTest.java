package dev.acidispatch.emulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLogsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static String lines(int from, int to, String suffix) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + suffix + "\n").collect(Collectors.joining());
    }

    private static TimedLog log(int from, int to, String suffix) {
        return new TimedLog(IntStream.rangeClosed(from, to)
                .mapToObj(i -> new TimedLog.Line(T0.plusMillis(i), "line " + i + suffix)).toList(), true);
    }

    @Test
    void aStoppedContainerKeepsItsLast1000Lines() {
        assertEquals(lines(501, 1500, ""), ContainerLogs.keptAfterStop(log(1, 1500, "")).text());
        assertEquals(lines(1, 3, ""), ContainerLogs.keptAfterStop(log(1, 3, "")).text());
    }

    @Test
    void aStoppedContainerKeepsAtMost16KilobytesOfThem() {
        String kept = ContainerLogs.keptAfterStop(log(1, 200, " " + "x".repeat(200))).text();
        int bytes = kept.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= ContainerLogs.STOPPED_LOG_BYTES && bytes > ContainerLogs.STOPPED_LOG_BYTES - 215, "" + bytes);
        assertTrue(kept.endsWith("line 200 " + "x".repeat(200) + "\n"), "the end is kept");
        assertTrue(kept.startsWith("line "), "whole lines are kept");
    }

    @Test
    void aRunningContainerServesItsNewest4Megabytes() {
        TimedLog big = log(1, 50_000, " " + "y".repeat(100));
        String served = big.lastBytes(ContainerLogs.RUNNING_LOG_BYTES).text();
        int bytes = served.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= ContainerLogs.RUNNING_LOG_BYTES && bytes > ContainerLogs.RUNNING_LOG_BYTES - 120);
        assertTrue(served.endsWith("line 50000 " + "y".repeat(100) + "\n"));
    }

    @Test
    void timestampsPrefixEveryLineWithItsTimeInRfc3339Nanoseconds() {
        TimedLog two = new TimedLog(List.of(new TimedLog.Line(T0.plusNanos(1500), "a b"),
                new TimedLog.Line(T0.plusSeconds(1), "c")), true);
        assertEquals("2026-12-01T10:00:00.000001500Z a b\n2026-12-01T10:00:01.000000000Z c\n", two.render(true));
        assertEquals("a b\nc\n", two.render(false));
    }

    @Test
    void theRecorderTimesEachLineByItsFirstByteAndHoldsBackAnUnfinishedLine() {
        TimedLog.Recorder recorder = new TimedLog.Recorder(1 << 20);
        recorder.write("one\ntw", T0);
        recorder.write("o\nthree", T0.plusSeconds(2));
        TimedLog now = recorder.snapshot();
        assertEquals(List.of(new TimedLog.Line(T0, "one"), new TimedLog.Line(T0, "two"),
                new TimedLog.Line(T0.plusSeconds(2), "three")), now.lines());
        assertEquals("one\ntwo\nthree", now.text());
    }

    @Test
    void tailKeepsTheLastLinesWithOrWithoutATrailingNewline() {
        assertEquals("c\nd\n", ContainerLogs.tail("a\nb\nc\nd\n", 2));
        assertEquals("c\nd", ContainerLogs.tail("a\nb\nc\nd", 2));
        assertEquals("", ContainerLogs.tail("", 3));
        assertEquals("", ContainerLogs.tail("a\n", -1));
    }
}
