package dev.acidispatch.local.up;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerTriggerRunnerTest {
    @Test
    void firesOnItsScheduleOneInvocationAtATimeAndReportsFailures() throws Exception {
        List<Instant> fired = new CopyOnWriteArrayList<>();
        List<String> reports = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        TimerTriggerRunner timer = TimerTriggerRunner.start(NcrontabSchedule.parse("* * * * * *"), Clock.systemUTC(),
                "Tick", () -> {
                    if (running.incrementAndGet() > 1) {
                        overlap.incrementAndGet();
                    }
                    fired.add(Instant.now());
                    try {
                        if (fired.size() == 2) {
                            throw new IllegalStateException("storage down");
                        }
                        return "tick " + fired.size();
                    } finally {
                        running.decrementAndGet();
                    }
                }, reports::add);
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (fired.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            timer.close();
        }
        assertTrue(fired.size() >= 3, "fired " + fired);
        assertEquals(0, overlap.get());
        for (int i = 1; i < fired.size(); i++) {
            assertTrue(fired.get(i).getEpochSecond() > fired.get(i - 1).getEpochSecond(),
                    "once per scheduled second: " + fired);
        }
        assertTrue(reports.contains("Tick: tick 1"), reports.toString());
        assertTrue(reports.stream().anyMatch(r -> r.startsWith("Tick failed:") && r.contains("storage down")
                && r.contains("next scheduled time")), reports.toString());
        assertTrue(reports.contains("Tick: tick 3"), "a failure does not stop the timer: " + reports);
    }
}
