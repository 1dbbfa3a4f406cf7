package dev.acidispatch.local.durable;

import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs scheduled activities on a small pool of daemon threads and reports each outcome back to its instance as
 * TaskCompleted or TaskFailed. Episodes never wait for activities. Activities are at-least-once in Azure; here each
 * scheduling runs exactly once.
 */
final class ActivityPool {
    private static final Logger LOG = Logger.getLogger(ActivityPool.class.getName());

    private final RunnerState state;
    private final DurableWorker worker;
    private final ExecutorService executor;

    ActivityPool(RunnerState state, DurableWorker worker, int threads) {
        this.state = state;
        this.worker = worker;
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "durable-activity-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Runs the activity scheduled as {@code taskId} by the instance's current generation. The caller holds the
     * runner's lock, so the activity counts as in flight before any driver can look.
     */
    void start(RunnerInstance instance, int taskId, String name, String serializedInput) {
        assert state.lock.isHeldByCurrentThread();
        int generation = instance.generation;
        state.activityStarted();
        try {
            executor.execute(() -> run(instance, generation, taskId, name, serializedInput));
        } catch (RejectedExecutionException e) {
            state.activityEnded(); // only after close(): nobody will read the result
        }
    }

    /** Stops the threads; activities still running are interrupted and their results dropped. */
    void shutdownNow() {
        executor.shutdownNow();
    }

    private void run(RunnerInstance instance, int generation, int taskId, String name, String input) {
        HistoryEvent outcome = null;
        try {
            outcome = HistoryEvents.taskCompleted(state.now(), taskId, worker.runActivity(name, input));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The orchestrator sees this as TaskFailedException, which is what drives RetryPolicy retries.
            outcome = HistoryEvents.taskFailed(state.now(), taskId, e);
            LOG.fine(() -> "Activity " + name + " (#" + taskId + ") of " + instance.instanceId + " failed: " + e);
        } finally {
            // One critical section: a driver must never see "no activity in flight" before the result is queued,
            // or it would move the virtual clock past work that is about to arrive.
            state.lock.lock();
            try {
                state.activityEnded();
                instance.activitiesExecuted++;
                if (outcome != null && instance.isRunning() && instance.generation == generation) {
                    instance.inbox.add(outcome);
                    state.markReady(instance);
                }
                state.changed.signalAll();
            } finally {
                state.lock.unlock();
            }
        }
    }
}
