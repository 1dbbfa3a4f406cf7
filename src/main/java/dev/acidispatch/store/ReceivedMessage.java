package dev.acidispatch.store;

import java.util.Objects;

/**
 * A message taken from a {@link MessageQueue}; it stays invisible until its visibility timeout ends and is gone only
 * once {@link MessageQueue#delete deleted} with this pop receipt.
 *
 * @param dequeueCount how many times the message has been received, this time included
 */
public record ReceivedMessage(String messageId, String popReceipt, String text, long dequeueCount) {
    public ReceivedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(popReceipt, "popReceipt");
        Objects.requireNonNull(text, "text");
    }
}
