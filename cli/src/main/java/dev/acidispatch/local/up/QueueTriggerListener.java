package dev.acidispatch.local.up;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A storage queue trigger as the Functions host runs one (Azure/azure-sdk-for-net,
 * Microsoft.Azure.WebJobs.Extensions.Storage.Common: QueueListener, QueueProcessor, QueuesOptions), with host.json's
 * {@code extensions.queues} options:
 * <ul>
 *   <li>It receives up to {@code batchSize} messages at once and runs each on its own thread; it fetches the next batch
 *       once no more than {@code newBatchThreshold} are in flight, so at most batchSize + newBatchThreshold run at once
 *       (QueueListener.ExecuteAsync / WaitForNewBatchThreshold).</li>
 *   <li>A received message stays invisible for a lease. The host takes 10 minutes and renews at half-time while the
 *       function runs; here the lease is host.json's {@code functionTimeout}, which no invocation outlives, so it
 *       needs no renewal.</li>
 *   <li>Success deletes the message. A failure makes it visible again after {@code visibilityTimeout}; a failure on
 *       the {@code maxDequeueCount}-th delivery, or a message already delivered more often than that, moves it to
 *       {@code <queue>-poison} (QueueProcessor.CompleteProcessingMessageAsync / BeginProcessingMessageAsync).</li>
 *   <li>An empty queue is polled with a randomized exponential back-off from 100 ms up to
 *       {@code maxPollingInterval} (RandomizedExponentialBackoffStrategy: ±20 %, reset when a message arrives).</li>
 * </ul>
 * Stopping waits for the invocations in flight, as the host's graceful shutdown does (QueueListener.StopAsync).
 */
public final class QueueTriggerListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueTriggerListener.class.getName());
    private static final double RANDOMIZATION = 0.2;

    /** Runs the function on one message; returns a line to report, throws when the invocation failed. */
    @FunctionalInterface
    public interface Invoker {
        String invoke(byte[] message) throws Exception;
    }

    private final QueueClient queue;
    private final QueueClient poisonQueue;
    private final HostJson.QueueOptions options;
    private final Duration lease;
    private final String functionName;
    private final Invoker invoker;
    private final Consumer<String> report;
    private final ExecutorService workers;
    private final Thread fetcher;
    private final Object inFlightChanged = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running = true;
    private boolean readFailing;
    private Duration backoff = Duration.ZERO;
    private int backoffExponent;

    private QueueTriggerListener(QueueServiceClient service, String queueName, String functionName,
                                 HostJson.QueueOptions options, Duration lease, Invoker invoker, Consumer<String> report) {
        this.queue = service.getQueueClient(queueName);
        this.poisonQueue = service.getQueueClient(queueName + "-poison");
        this.functionName = functionName;
        this.options = Objects.requireNonNull(options, "options");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.report = Objects.requireNonNull(report, "report");
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.maxConcurrency(), r -> {
            Thread t = new Thread(r, "queue-" + queueName + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fetcher = new Thread(this::fetchLoop, "queue-" + queueName + "-listener");
        this.fetcher.setDaemon(true);
    }

    /** Creates the queue if needed and starts listening. */
    public static QueueTriggerListener start(QueueServiceClient service, String queueName, String functionName,
                                             HostJson.QueueOptions options, Duration lease, Invoker invoker,
                                             Consumer<String> report) {
        QueueTriggerListener listener = new QueueTriggerListener(service, queueName, functionName, options, lease,
                invoker, report);
        listener.queue.createIfNotExists();
        listener.fetcher.start();
        return listener;
    }

    /** How many invocations run now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void fetchLoop() {
        while (running) {
            try {
                List<QueueMessageItem> batch = queue.receiveMessages(options.batchSize(), lease, null, Context.NONE)
                        .stream().toList();
                if (readFailing) {
                    readFailing = false;
                    report.accept(functionName + ": queue " + queue.getQueueName() + " answers again");
                }
                if (batch.isEmpty()) {
                    sleep(nextBackoff(false));
                    continue;
                }
                nextBackoff(true);
                for (QueueMessageItem message : batch) {
                    inFlight.incrementAndGet();
                    workers.execute(() -> process(message));
                }
                waitForNewBatchThreshold();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.FINE, "queue listener for " + queue.getQueueName() + " failed; retrying", e);
                if (!readFailing) {
                    // Once per outage: the back-off retries quietly until the queue answers again.
                    readFailing = true;
                    report.accept(functionName + ": cannot read queue " + queue.getQueueName() + " ("
                            + (e instanceof QueueStorageException q ? q.getErrorCode() : e.toString())
                            + "); retrying");
                }
                sleep(nextBackoff(false));
            }
        }
    }

    private void process(QueueMessageItem message) {
        try {
            long deliveries = message.getDequeueCount();
            if (deliveries > options.maxDequeueCount()) {
                // Delivered more often than allowed without a recorded failure (e.g. the host died mid-invocation).
                moveToPoison(message, deliveries);
                return;
            }
            String outcome;
            try {
                outcome = invoker.invoke(message.getBody().toBytes());
            } catch (Exception failed) {
                failed(message, deliveries, failed);
                return;
            }
            queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
            if (outcome != null && !outcome.isBlank()) {
                report.accept(functionName + ": " + outcome);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "completing a message of " + queue.getQueueName() + " failed", e);
        } finally {
            inFlight.decrementAndGet();
            synchronized (inFlightChanged) {
                inFlightChanged.notifyAll();
            }
        }
    }

    private void failed(QueueMessageItem message, long deliveries, Exception failure) {
        String why = failure.getCause() != null ? String.valueOf(failure.getCause()) : String.valueOf(failure);
        if (deliveries >= options.maxDequeueCount()) {
            report.accept(functionName + " failed on delivery " + deliveries + " of " + options.maxDequeueCount() + ": "
                    + why);
            moveToPoison(message, deliveries);
            return;
        }
        report.accept(functionName + " failed on delivery " + deliveries + " of " + options.maxDequeueCount() + ": "
                + why + "; retrying in " + options.visibilityTimeout().toSeconds() + " s");
        queue.updateMessage(message.getMessageId(), message.getPopReceipt(), message.getBody().toString(),
                options.visibilityTimeout());
    }

    private void moveToPoison(QueueMessageItem message, long deliveries) {
        poisonQueue.createIfNotExists();
        poisonQueue.sendMessage(BinaryData.fromBytes(message.getBody().toBytes()));
        queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
        report.accept(functionName + ": message " + message.getMessageId() + " moved to " + poisonQueue.getQueueName()
                + " after " + deliveries + " deliveries (host.json maxDequeueCount " + options.maxDequeueCount() + ")");
    }

    private void waitForNewBatchThreshold() {
        synchronized (inFlightChanged) {
            while (running && inFlight.get() > options.newBatchThreshold()) {
                try {
                    inFlightChanged.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The host's RandomizedExponentialBackoffStrategy with a 100 ms minimum. */
    private Duration nextBackoff(boolean foundMessage) {
        Duration min = HostJson.QueueOptions.MIN_POLLING_INTERVAL;
        Duration max = options.maxPollingInterval();
        if (foundMessage) {
            backoff = min;
            backoffExponent = 1;
        } else if (!backoff.equals(max)) {
            double factor = 1 - RANDOMIZATION + ThreadLocalRandom.current().nextDouble() * 2 * RANDOMIZATION;
            Duration next = backoffExponent > 0
                    ? min.plusMillis(Math.round(factor * Math.pow(2, backoffExponent - 1) * min.toMillis()))
                    : min;
            if (next.compareTo(max) < 0) {
                backoff = next;
                backoffExponent++;
            } else {
                backoff = max;
            }
        }
        return backoff;
    }

    private void sleep(Duration duration) {
        synchronized (inFlightChanged) {
            if (!running) {
                return;
            }
            try {
                inFlightChanged.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops fetching and waits up to {@code bound} for the invocations in flight. */
    public void stop(Duration bound) {
        running = false;
        synchronized (inFlightChanged) {
            inFlightChanged.notifyAll();
        }
        workers.shutdown();
        try {
            fetcher.join(bound.toMillis());
            if (!workers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                report.accept(functionName + ": " + inFlight.get() + " invocation(s) still running after "
                        + bound.toSeconds() + " s; their messages reappear on the queue after the lease");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
