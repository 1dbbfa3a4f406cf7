package dev.acidispatch.emulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLogsTest {
    private static String lines(int from, int to, String suffix) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + suffix + "\n").collect(Collectors.joining());
    }

    @Test
    void aStoppedContainerKeepsItsLast1000Lines() {
        assertEquals(lines(501, 1500, ""), ContainerLogs.keptAfterStop(lines(1, 1500, "")));
        assertEquals(lines(1, 3, ""), ContainerLogs.keptAfterStop(lines(1, 3, "")));
    }

    @Test
    void aStoppedContainerKeepsAtMost16KilobytesOfThem() {
        String kept = ContainerLogs.keptAfterStop(lines(1, 200, " " + "x".repeat(200)));

        assertEquals(ContainerLogs.STOPPED_LOG_BYTES, kept.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(kept.endsWith("line 200 " + "x".repeat(200) + "\n"), "the end is kept");
    }

    @Test
    void tailKeepsTheLastLinesWithOrWithoutATrailingNewline() {
        assertEquals("c\nd\n", ContainerLogs.tail("a\nb\nc\nd\n", 2));
        assertEquals("c\nd", ContainerLogs.tail("a\nb\nc\nd", 2));
        assertEquals("", ContainerLogs.tail("", 3));
        assertEquals("", ContainerLogs.tail("a\n", -1));
    }
}
