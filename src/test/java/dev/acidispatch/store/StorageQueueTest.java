package dev.acidispatch.store;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueMessageItem;
import dev.acidispatch.testing.Azurite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StorageQueue} against Azurite's Queue service. */
class StorageQueueTest {
    private static final String JOB_JSON = "{\"jobId\":\"nightly-etl\",\"image\":\"busybox\","
            + "\"command\":[\"sh\",\"-c\",\"echo 'ünïcode ✓' && exit 0\"],\"env\":{\"A\":\"<b>&amp;</b>\"}}";
    private static QueueServiceClient queues;

    @BeforeAll
    static void connect() {
        queues = StorageClients.fromConnectionString(Azurite.shared().connectionString()).queues();
    }

    private static String uniqueName() {
        return "q-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void plainJsonRoundTripsAndIsWhatOtherToolsSeeOnTheQueue() {
        String name = uniqueName();
        MessageQueue queue = new StorageQueue(queues, name);
        queue.send(JOB_JSON);

        // A raw client without any encoding (as `az storage message get` reads it) sees the same text.
        QueueClient raw = queues.getQueueClient(name);
        QueueMessageItem item = raw.receiveMessages(1, Duration.ofSeconds(30), null, null).iterator().next();
        assertEquals(JOB_JSON, item.getBody().toString());
        raw.deleteMessage(item.getMessageId(), item.getPopReceipt());

        // And what such a tool writes, our queue reads unchanged.
        raw.sendMessage(JOB_JSON);
        List<ReceivedMessage> received = queue.receive(32, Duration.ofSeconds(30));
        assertEquals(1, received.size());
        assertEquals(JOB_JSON, received.get(0).text());
        assertEquals(1, received.get(0).dequeueCount());
        queue.delete(received.get(0));
        assertEquals(List.of(), queue.peek(32));
    }

    @Test
    void anInitiallyInvisibleMessageAppearsOnlyLater() throws InterruptedException {
        MessageQueue queue = new StorageQueue(queues, uniqueName());
        queue.send("{\"jobId\":\"deferred\"}", Duration.ofSeconds(3));
        queue.send("{\"jobId\":\"visible\"}");
        assertEquals(List.of("{\"jobId\":\"visible\"}"), queue.peek(32), "the deferred message is hidden at first");
        List<String> seen = queue.peek(32);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            seen = queue.peek(32);
        }
        assertTrue(seen.contains("{\"jobId\":\"deferred\"}"), "the deferred message became visible: " + seen);
    }

    @Test
    void aReceivedMessageIsHiddenUntilDeleted() {
        MessageQueue queue = new StorageQueue(queues, uniqueName());
        queue.send("one");
        ReceivedMessage taken = queue.receive(1, Duration.ofMinutes(5)).get(0);
        assertEquals(List.of(), queue.receive(1, Duration.ofMinutes(5)));
        assertEquals(List.of(), queue.peek(1));
        queue.delete(taken);
        assertEquals(List.of(), queue.peek(1));
    }

    @Test
    void theAppsQueueNamesAreValidQueueNames() {
        for (String name : List.of(QueueNames.JOBS, QueueNames.JOB_RESULTS, QueueNames.JOBS_POISON)) {
            StorageQueue queue = new StorageQueue(queues, name);
            assertEquals(name, queue.name());
            assertEquals(0, queue.peek(1).stream().filter(t -> t.equals("never-sent-" + name)).count());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StorageQueue(queues, "Jobs_Queue"));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }
}
