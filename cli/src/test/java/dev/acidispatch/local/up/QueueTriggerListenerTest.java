package dev.acidispatch.local.up;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import dev.acidispatch.store.StorageClients;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local queue trigger against Azurite, with host.json's semantics: concurrency, retries, the poison queue. */
class QueueTriggerListenerTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final QueueServiceClient service =
            StorageClients.fromConnectionString(Azurite.shared().connectionString()).queues();
    private final String name = "trigger-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private QueueTriggerListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop(Duration.ofSeconds(10));
        }
        service.getQueueClient(name).deleteIfExists();
        service.getQueueClient(name + "-poison").deleteIfExists();
    }

    private QueueClient queue() {
        QueueClient queue = service.getQueueClient(name);
        queue.createIfNotExists();
        return queue;
    }

    private static HostJson.QueueOptions options(int batchSize, int threshold, int maxDequeue, Duration retryAfter) {
        return new HostJson.QueueOptions(batchSize, threshold, maxDequeue, retryAfter, Duration.ofMillis(200));
    }

    @Test
    void aSucceedingInvocationDeletesTheMessageAndGetsItsBytesAsSent() throws Exception {
        queue().sendMessage("{\"jobId\": \"héllo-1\"}");
        List<String> received = new CopyOnWriteArrayList<>();
        listener = QueueTriggerListener.start(service, name, "Fn", options(4, 2, 5, Duration.ZERO),
                Duration.ofMinutes(1), bytes -> {
                    received.add(new String(bytes, StandardCharsets.UTF_8));
                    return "done";
                }, reports::add);
        await(() -> reports.contains("Fn: done"), "the invocation");
        assertEquals(List.of("{\"jobId\": \"héllo-1\"}"), received);
        await(() -> queue().getProperties().getApproximateMessagesCount() == 0, "the message deleted");
    }

    @Test
    void aFailingMessageIsRetriedAfterTheVisibilityTimeoutThenMovedToThePoisonQueue() throws Exception {
        queue().sendMessage("poison me");
        Map<Long, Long> deliveredAt = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        listener = QueueTriggerListener.start(service, name, "Fn", options(4, 2, 3, Duration.ofSeconds(1)),
                Duration.ofMinutes(1), bytes -> {
                    deliveredAt.put((long) calls.incrementAndGet(), System.nanoTime());
                    throw new IllegalStateException("transient failure");
                }, reports::add);
        QueueClient poison = service.getQueueClient(name + "-poison");
        await(() -> hasMessage(poison), "the message in the poison queue");
        assertEquals(3, calls.get(), "maxDequeueCount deliveries, then no more");
        PeekedMessageItem moved = poison.peekMessages(1, null, null).iterator().next();
        assertEquals("poison me", moved.getBody().toString());
        long gapMillis = (deliveredAt.get(2L) - deliveredAt.get(1L)) / 1_000_000;
        assertTrue(gapMillis >= 900, "retried after the visibility timeout, not at once: " + gapMillis + " ms");
        assertTrue(reports.stream().anyMatch(r -> r.contains("failed on delivery 1 of 3")), reports.toString());
        // The listener reports the move after sending to the poison queue: the message can be seen first.
        await(() -> reports.stream().anyMatch(r -> r.contains("moved to " + name + "-poison")),
                "the move reported: " + reports);
        Thread.sleep(1500);
        assertEquals(3, calls.get(), "nothing left to deliver");
        assertEquals(0, queue().getProperties().getApproximateMessagesCount());
    }

    @Test
    void aMessageDeliveredMoreOftenThanAllowedGoesToPoisonWithoutAnInvocation() throws Exception {
        QueueClient queue = queue();
        queue.sendMessage("crashed the host twice");
        // Two deliveries whose host died mid-invocation: received, never completed.
        for (int i = 0; i < 2; i++) {
            await(() -> queue.receiveMessages(1, Duration.ofSeconds(1), null, null).stream().findAny().isPresent(),
                    "a delivery");
        }
        Thread.sleep(1100);
        AtomicInteger calls = new AtomicInteger();
        listener = QueueTriggerListener.start(service, name, "Fn", options(4, 2, 2, Duration.ZERO),
                Duration.ofMinutes(1), bytes -> {
                    calls.incrementAndGet();
                    return "ran";
                }, reports::add);
        QueueClient poison = service.getQueueClient(name + "-poison");
        await(() -> hasMessage(poison), "the message in the poison queue");
        assertEquals(0, calls.get());
    }

    @Test
    void atMostBatchSizePlusNewBatchThresholdRunAtOnce() throws Exception {
        QueueClient queue = queue();
        for (int i = 0; i < 14; i++) {
            queue.sendMessage("m" + i);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        listener = QueueTriggerListener.start(service, name, "Fn", options(4, 2, 5, Duration.ZERO),
                Duration.ofMinutes(1), bytes -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    // Uneven durations: the short half frees room for a new batch while the long half still runs.
                    int index = Integer.parseInt(new String(bytes, StandardCharsets.UTF_8).substring(1));
                    Thread.sleep(index % 2 == 0 ? 150 : 1200);
                    running.decrementAndGet();
                    done.incrementAndGet();
                    return null;
                }, reports::add);
        await(() -> done.get() == 14, "all 14 messages");
        assertTrue(peak.get() <= 6, "peak " + peak.get() + " above batchSize 4 + newBatchThreshold 2");
        assertTrue(peak.get() >= 5, "peak " + peak.get() + ": a new batch is fetched while the threshold allows");
    }

    private static boolean hasMessage(QueueClient queue) {
        try {
            return queue.peekMessages(1, null, null).iterator().hasNext();
        } catch (QueueStorageException notYetCreated) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
