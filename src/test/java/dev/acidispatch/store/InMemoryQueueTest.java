package dev.acidispatch.store;

import dev.acidispatch.emulator.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryQueueTest {
    private final VirtualClock clock = VirtualClock.startingAt("2026-11-23T10:00:00Z");
    private final InMemoryQueue queue = new InMemoryQueue(QueueNames.JOBS, clock);

    @Test
    void aDeferredMessageBecomesVisibleWhenItsInvisibilityEnds() {
        queue.send("{\"jobId\":\"later\"}", Duration.ofMinutes(5));
        queue.send("{\"jobId\":\"now\"}");
        assertEquals(List.of("{\"jobId\":\"now\"}"), queue.peek(32));
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertEquals(1, queue.peek(32).size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("{\"jobId\":\"later\"}", "{\"jobId\":\"now\"}"), queue.peek(32));
    }

    @Test
    void anUndeletedMessageComesBackAfterItsVisibilityTimeout() {
        queue.send("job");
        ReceivedMessage first = queue.receive(1, Duration.ofSeconds(30)).get(0);
        assertEquals(1, first.dequeueCount());
        assertEquals(List.of(), queue.receive(1, Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        ReceivedMessage second = queue.receive(1, Duration.ofSeconds(30)).get(0);
        assertEquals(first.messageId(), second.messageId());
        assertEquals(2, second.dequeueCount());
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> queue.delete(first));
        assertTrue(stale.getMessage().contains("pop receipt"), stale.getMessage());
        queue.delete(second);
        assertEquals(0, queue.size());
    }

    @Test
    void receiveTakesAtMostTheAskedNumberInOrder() {
        for (int i = 0; i < 5; i++) {
            queue.send("m" + i);
        }
        List<ReceivedMessage> taken = queue.receive(3, Duration.ofSeconds(10));
        assertEquals(List.of("m0", "m1", "m2"), taken.stream().map(ReceivedMessage::text).toList());
        assertEquals(List.of("m3", "m4"), queue.peek(32));
    }

    @Test
    void argumentsAreCheckedLikeTheService() {
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> queue.send("é".repeat(MessageQueue.MAX_MESSAGE_BYTES / 2 + 1)));
        assertTrue(tooBig.getMessage().contains("65538 bytes"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> queue.send("x", Duration.ofDays(8)));
        assertThrows(IllegalArgumentException.class, () -> queue.send("x", Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> queue.receive(33, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> queue.peek(0));
        assertEquals(0, queue.size());
    }
}
