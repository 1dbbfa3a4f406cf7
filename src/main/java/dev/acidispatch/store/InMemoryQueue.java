package dev.acidispatch.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link MessageQueue} in memory whose visibility follows the given clock, so tests can use a
 * {@link dev.acidispatch.emulator.VirtualClock} to make a deferred message visible without waiting.
 */
public final class InMemoryQueue implements MessageQueue {
    private final String name;
    private final Clock clock;
    private final LinkedList<Entry> entries = new LinkedList<>();

    private static final class Entry {
        final String id = UUID.randomUUID().toString();
        final String text;
        Instant visibleAt;
        String popReceipt = "";
        long dequeueCount;

        Entry(String text, Instant visibleAt) {
            this.text = text;
            this.visibleAt = visibleAt;
        }
    }

    public InMemoryQueue(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void send(String text, Duration initialInvisibility) {
        MessageQueue.checkSend(text, initialInvisibility);
        entries.add(new Entry(text, clock.instant().plus(initialInvisibility)));
    }

    @Override
    public synchronized List<ReceivedMessage> receive(int maxMessages, Duration visibilityTimeout) {
        MessageQueue.checkMaxMessages(maxMessages);
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Instant now = clock.instant();
        List<ReceivedMessage> taken = new ArrayList<>();
        for (Entry e : entries) {
            if (taken.size() == maxMessages) {
                break;
            }
            if (!e.visibleAt.isAfter(now)) {
                e.visibleAt = now.plus(visibilityTimeout);
                e.popReceipt = UUID.randomUUID().toString();
                e.dequeueCount++;
                taken.add(new ReceivedMessage(e.id, e.popReceipt, e.text, e.dequeueCount));
            }
        }
        return taken;
    }

    @Override
    public synchronized List<String> peek(int maxMessages) {
        MessageQueue.checkMaxMessages(maxMessages);
        Instant now = clock.instant();
        return entries.stream().filter(e -> !e.visibleAt.isAfter(now)).limit(maxMessages).map(e -> e.text).toList();
    }

    @Override
    public synchronized void delete(ReceivedMessage message) {
        Objects.requireNonNull(message, "message");
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.id.equals(message.messageId())) {
                if (!e.popReceipt.equals(message.popReceipt())) {
                    throw new IllegalStateException("Message " + message.messageId() + " was received again since;"
                            + " its pop receipt no longer matches");
                }
                it.remove();
                return;
            }
        }
    }

    /** How many messages the queue holds, visible or not. */
    public synchronized int size() {
        return entries.size();
    }
}
