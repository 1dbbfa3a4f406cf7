package dev.acidispatch.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A storage queue carrying plain UTF-8 text (JSON), as the Functions runtime reads it with
 * {@code "messageEncoding": "none"}: what {@code az storage message put} writes is what a trigger receives.
 * Delivery is at-least-once; consumers must be idempotent.
 */
public interface MessageQueue {
    /** Azure Storage's per-message limit. */
    int MAX_MESSAGE_BYTES = 64 * 1024;
    /** The longest a message may be kept invisible. */
    Duration MAX_INVISIBILITY = Duration.ofDays(7);

    String name();

    /** Sends a message that is visible at once. */
    default void send(String text) {
        send(text, Duration.ZERO);
    }

    /** Sends a message that stays invisible for {@code initialInvisibility} (0 to 7 days), e.g. a deferred job. */
    void send(String text, Duration initialInvisibility);

    /**
     * Takes up to {@code maxMessages} (1–32) visible messages and hides them for {@code visibilityTimeout}; a message
     * not {@link #delete deleted} in that time becomes visible again. For tests and tools: the runtime's trigger does
     * this in production.
     */
    List<ReceivedMessage> receive(int maxMessages, Duration visibilityTimeout);

    /** The texts of up to {@code maxMessages} (1–32) visible messages, without taking them. */
    List<String> peek(int maxMessages);

    /** Removes a received message for good. */
    void delete(ReceivedMessage message);

    /** Checks the arguments of {@link #send} the same way for every implementation. */
    static void checkSend(String text, Duration initialInvisibility) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(initialInvisibility, "initialInvisibility");
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("The message is " + bytes + " bytes of UTF-8; a queue message may be at"
                    + " most " + MAX_MESSAGE_BYTES + " bytes. Keep large data in blobs and send a reference.");
        }
        if (initialInvisibility.isNegative() || initialInvisibility.compareTo(MAX_INVISIBILITY) > 0) {
            throw new IllegalArgumentException("The value for initialInvisibility must be from 0 to 7 days, was "
                    + initialInvisibility + ".");
        }
    }

    /** Checks {@code maxMessages} for {@link #receive} and {@link #peek}. */
    static void checkMaxMessages(int maxMessages) {
        if (maxMessages < 1 || maxMessages > 32) {
            throw new IllegalArgumentException("The value for maxMessages must be from 1 to 32, was " + maxMessages + ".");
        }
    }
}
