package dev.acidispatch.store;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueStorageException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@link MessageQueue} on Azure Queue Storage. The service client must be built with
 * {@code QueueMessageEncoding.NONE} ({@link StorageClients} does): messages travel as the plain text given, matching
 * host.json's {@code "messageEncoding": "none"}.
 */
public final class StorageQueue implements MessageQueue {

    private final QueueClient queue;
    private final CreateOnce queueCreated;

    /** @param name the queue (3–63 lowercase letters, digits, single hyphens); created on first use */
    public StorageQueue(QueueServiceClient service, String name) {
        Objects.requireNonNull(service, "service");
        StorageNames.requireQueueName(name);
        this.queue = service.getQueueClient(name);
        this.queueCreated = new CreateOnce(queue::createIfNotExists,
                e -> e instanceof QueueStorageException q && QueueErrorCode.QUEUE_NOT_FOUND.equals(q.getErrorCode()));
    }

    @Override
    public String name() {
        return queue.getQueueName();
    }

    @Override
    public void send(String text, Duration initialInvisibility) {
        MessageQueue.checkSend(text, initialInvisibility);
        // A zero visibility timeout is sent as absent: the service default (visible at once) without a pointless parameter.
        Duration visibility = initialInvisibility.isZero() ? null : initialInvisibility;
        queueCreated.run(() -> queue.sendMessageWithResponse(text, visibility, null, null, Context.NONE));
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration visibilityTimeout) {
        MessageQueue.checkMaxMessages(maxMessages);
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        return queueCreated.call(() -> queue.receiveMessages(maxMessages, visibilityTimeout, null, Context.NONE)
                .stream()
                .map(m -> new ReceivedMessage(m.getMessageId(), m.getPopReceipt(), m.getBody().toString(),
                        m.getDequeueCount()))
                .toList());
    }

    @Override
    public List<String> peek(int maxMessages) {
        MessageQueue.checkMaxMessages(maxMessages);
        return queueCreated.call(() -> queue.peekMessages(maxMessages, null, Context.NONE).stream()
                .map(m -> m.getBody().toString())
                .toList());
    }

    @Override
    public void delete(ReceivedMessage message) {
        Objects.requireNonNull(message, "message");
        queueCreated.run(() -> queue.deleteMessage(message.messageId(), message.popReceipt()));
    }
}
