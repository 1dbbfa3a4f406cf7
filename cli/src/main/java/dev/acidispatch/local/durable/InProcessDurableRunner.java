package dev.acidispatch.local.durable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestratorFunction;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SendEventAction;
import dev.acidispatch.emulator.VirtualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs Durable Task orchestrations in this process, playing the backend's part: it keeps each instance's history,
 * hands every episode to a {@link DurableWorker} as an {@code OrchestratorRequest} (which replays it through
 * durabletask's {@link OrchestrationRunner}) and applies the returned actions. With the Functions host module as the
 * worker, the app's Functions classes run here exactly as the Azure Functions host calls them. Used by the test suite
 * and by {@code dispatchctl}.
 *
 * <p><b>Semantics.</b> Each instance keeps its history; every episode replays it with the new events (always led by an
 * {@code orchestratorStarted} event stamped with the runner clock) and applies the returned actions: activities run on
 * a small thread pool and report back as TaskCompleted/TaskFailed, timers fire once the clock is strictly past their
 * fire time, external events are recorded as EventRaised (durabletask buffers those nobody waits for yet), and
 * continue-as-new drops history and pending timers and starts over with the new input. Activities are at-least-once in
 * Azure; here they run exactly once per scheduling. Sub-orchestrations are not supported: an orchestrator that starts
 * one fails with an {@link UnsupportedOperationException} in its failure details.
 *
 * <p><b>Clocks.</b> With a {@link VirtualClock} nothing runs in the background: the driving calls
 * ({@link #runUntilIdle()}, {@link #advanceAndRun(Duration)}, {@link #waitForCompletion(String, Duration)}) replay
 * episodes on the calling thread and move the virtual clock to the next timer whenever nothing else can run, so hours
 * of watching take milliseconds. With any other clock (assumed to follow real time) a daemon dispatcher thread runs
 * episodes as work arrives and sleeps until the next timer or event; driving calls then only wait.
 *
 * <p>Thread-safe. Close it to stop the dispatcher and the activity threads.
 */
public final class InProcessDurableRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InProcessDurableRunner.class.getName());

    /** Timers fire once the clock is strictly past fireAt; the virtual clock is moved this far beyond it. */
    static final Duration TIMER_FIRE_MARGIN = Duration.ofMillis(1);
    public static final int DEFAULT_ACTIVITY_THREADS = 4;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Waits this long or longer have no deadline (avoids nanosecond overflow for Duration.ofDays(36500) etc.). */
    private static final Duration UNBOUNDED_WAIT = Duration.ofDays(365);

    private final Clock clock;
    private final VirtualClock virtualClock;
    private final DurableWorker worker;
    private final DataConverter converter = new JacksonDataConverter();
    private final ExecutorService activityExecutor;
    private final Thread dispatcher;

    /** Guards all instance state below. Orchestrator code and activities run without holding it. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever anything changes that a waiting or driving thread might care about. */
    private final Condition changed = lock.newCondition();
    /** Serialises driving in virtual mode, so one episode per instance runs at a time. */
    private final ReentrantLock driveLock = new ReentrantLock();

    private final Map<String, RunnerInstance> instances = new HashMap<>();
    private final ArrayDeque<RunnerInstance> ready = new ArrayDeque<>();
    private final TreeSet<RunnerInstance.PendingTimer> timers = new TreeSet<>();
    private long timerSequence;
    private int activitiesInFlight;
    private boolean episodeInProgress;
    private boolean closed;

    private InProcessDurableRunner(Builder builder) {
        this.clock = builder.clock;
        this.virtualClock = builder.clock instanceof VirtualClock virtual ? virtual : null;
        this.worker = builder.worker != null ? builder.worker
                : new RegisteredDurableWorker(builder.orchestrators, builder.activities);
        AtomicInteger threadNumber = new AtomicInteger();
        this.activityExecutor = new ThreadPoolExecutor(builder.activityThreads, builder.activityThreads,
                0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "durable-activity-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        if (virtualClock == null) {
            dispatcher = new Thread(this::dispatchInRealTime, "durable-dispatcher");
            dispatcher.setDaemon(true);
            dispatcher.start();
        } else {
            dispatcher = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clock orchestrations see through {@code getCurrentInstant()}. */
    public Clock clock() {
        return clock;
    }

    /**
     * Starts {@code orchestratorName} as {@code instanceId}. A second start while the instance still runs is refused
     * and leaves it untouched; an instance that has finished is started anew with fresh history and counters.
     *
     * @param input serialized to JSON with durabletask's converter; may be null
     * @throws IllegalArgumentException when the orchestrator is not registered or the id is blank
     */
    public StartOutcome scheduleNew(String orchestratorName, String instanceId, Object input) {
        return scheduleNewSerialized(orchestratorName, instanceId, converter.serialize(input));
    }

    /**
     * As {@link #scheduleNew(String, String, Object)}, with the input already serialized (as a Durable Task client
     * sends it over gRPC).
     */
    public StartOutcome scheduleNewSerialized(String orchestratorName, String instanceId, String serializedInput) {
        requireText(orchestratorName, "orchestratorName");
        requireText(instanceId, "instanceId");
        if (!worker.orchestratorNames().contains(orchestratorName)) {
            throw new IllegalArgumentException("The value for orchestratorName names no registered orchestrator: '"
                    + orchestratorName + "'. Registered: " + worker.orchestratorNames());
        }
        lock.lock();
        try {
            requireOpen();
            RunnerInstance existing = instances.get(instanceId);
            if (existing != null && existing.isRunning()) {
                LOG.fine(() -> "Refused to start " + instanceId + ": it is already running");
                return StartOutcome.ALREADY_RUNNING;
            }
            Instant now = clock.instant();
            RunnerInstance instance = new RunnerInstance(instanceId, orchestratorName, now);
            instance.inbox.add(HistoryEvents.executionStarted(
                    now, orchestratorName, instanceId, instance.executionId(), serializedInput));
            instances.put(instanceId, instance);
            markReady(instance);
            LOG.fine(() -> "Started " + orchestratorName + " as " + instanceId);
            return StartOutcome.STARTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers an external event. Events nobody waits for yet are kept in history, where the orchestrator finds
     * them when it starts waiting (until it continues as new without preserving events).
     *
     * @param payload serialized to JSON; may be null
     * @return false when the instance is unknown or has finished
     */
    public boolean raiseEvent(String instanceId, String eventName, Object payload) {
        return raiseEventSerialized(instanceId, eventName, converter.serialize(payload));
    }

    /** As {@link #raiseEvent(String, String, Object)}, with the payload already serialized (null for none). */
    public boolean raiseEventSerialized(String instanceId, String eventName, String serializedPayload) {
        requireText(instanceId, "instanceId");
        requireText(eventName, "eventName");
        lock.lock();
        try {
            requireOpen();
            return deliverEvent(instanceId, eventName, serializedPayload);
        } finally {
            lock.unlock();
        }
    }

    /** The instance's current state, or empty when no instance with this id was ever started. */
    public Optional<InstanceState> getState(String instanceId) {
        lock.lock();
        try {
            return Optional.ofNullable(instances.get(instanceId)).map(RunnerInstance::snapshot);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets a finished instance's final state, so long-lived runners (and benchmarks) do not accumulate them.
     *
     * @return true when a finished instance was removed; false when it is unknown or still running
     */
    public boolean purge(String instanceId) {
        lock.lock();
        try {
            RunnerInstance instance = instances.get(instanceId);
            if (instance == null || instance.isRunning()) {
                return false;
            }
            instances.remove(instanceId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs (virtual clock) or waits for (real clock) the instance until it finishes. In virtual mode the clock jumps
     * to each next timer, moving every other instance along with it. Returns the state reached when
     * {@code realTimeout} of wall-clock time has passed, which is then not terminal; callers check
     * {@link InstanceState#isTerminal()}.
     *
     * @throws IllegalArgumentException when the instance is unknown
     */
    public InstanceState waitForCompletion(String instanceId, Duration realTimeout) {
        requireText(instanceId, "instanceId");
        Objects.requireNonNull(realTimeout, "realTimeout");
        if (realTimeout.isNegative()) {
            throw new IllegalArgumentException("The value for realTimeout must not be negative, was " + realTimeout);
        }
        long deadline = deadlineAfter(realTimeout);
        RunnerInstance instance = lockedGet(instanceId);
        if (instance == null) {
            throw new IllegalArgumentException("The value for instanceId names no instance: '" + instanceId + "'");
        }
        BooleanSupplier finished = () -> {
            lock.lock();
            try {
                return !instance.isRunning();
            } finally {
                lock.unlock();
            }
        };
        if (virtualClock != null) {
            drive(finished, Instant.MAX, deadline, true);
        } else {
            awaitCondition(finished, deadline);
        }
        lock.lock();
        try {
            return instance.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Processes everything that can run now (episodes, in-flight activities, timers already due) without moving
     * a virtual clock. With a real clock it waits until the dispatcher has nothing left to do right now.
     */
    public void runUntilIdle() {
        if (virtualClock != null) {
            drive(() -> false, null, NO_DEADLINE, false);
        } else {
            awaitCondition(this::isQuiescent, NO_DEADLINE);
        }
    }

    /**
     * Moves the virtual clock forward by {@code by}, firing each timer on the way at its own time and running what
     * it wakes, so tests can act at a chosen virtual moment (for example cancel after ten minutes).
     *
     * @throws IllegalStateException when the runner was built with a real-time clock
     */
    public void advanceAndRun(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("The value for by must not be negative, was " + by);
        }
        if (virtualClock == null) {
            throw new IllegalStateException("advanceAndRun needs a VirtualClock; this runner follows real time");
        }
        drive(() -> false, clock.instant().plus(by), NO_DEADLINE, false);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        activityExecutor.shutdownNow();
        if (dispatcher != null) {
            try {
                dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- driving -------------------------------------------------------------------------------------------------

    /**
     * Virtual-mode loop. Runs episodes and due timers; when nothing is runnable it waits for in-flight activities,
     * then moves the clock to the next timer (if {@code advanceLimit} allows), then either returns or, when
     * {@code awaitExternalInput}, waits for another thread to raise an event.
     *
     * @param advanceLimit null: never move the clock; otherwise move it up to this instant (Instant.MAX: unbounded)
     */
    private void drive(BooleanSupplier done, Instant advanceLimit, long deadlineNanos, boolean awaitExternalInput) {
        driveLock.lock();
        try {
            while (!done.getAsBoolean()) {
                if (isPast(deadlineNanos)) {
                    return;
                }
                fireDueTimers();
                if (runNextEpisode()) {
                    continue;
                }
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    if (!ready.isEmpty()) {
                        continue;
                    }
                    if (activitiesInFlight > 0) {
                        changed.awaitNanos(remainingNanos(deadlineNanos));
                        continue;
                    }
                    if (advanceLimit != null) {
                        if (!timers.isEmpty()) {
                            Instant target = timers.first().fireAt().plus(TIMER_FIRE_MARGIN);
                            if (!target.isAfter(advanceLimit)) {
                                virtualClock.advanceTo(target);
                                continue;
                            }
                        }
                        if (!advanceLimit.equals(Instant.MAX) && clock.instant().isBefore(advanceLimit)) {
                            virtualClock.advanceTo(advanceLimit);
                            continue;
                        }
                    }
                    if (!awaitExternalInput) {
                        return;
                    }
                    changed.awaitNanos(remainingNanos(deadlineNanos));
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running durable instances", e);
        } finally {
            driveLock.unlock();
        }
    }

    /** Real-time dispatcher: runs work as it arrives, sleeps until the next timer or signal, never spins. */
    private void dispatchInRealTime() {
        try {
            while (true) {
                fireDueTimers();
                if (runNextEpisode()) {
                    continue;
                }
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    if (!ready.isEmpty()) {
                        continue;
                    }
                    if (timers.isEmpty()) {
                        changed.await();
                    } else {
                        Instant wakeAt = timers.first().fireAt().plus(TIMER_FIRE_MARGIN);
                        long waitNanos = Duration.between(clock.instant(), wakeAt).toNanos();
                        if (waitNanos > 0) {
                            changed.awaitNanos(waitNanos);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "The durable dispatcher stopped unexpectedly", e);
            throw e;
        }
    }

    private void awaitCondition(BooleanSupplier condition, long deadlineNanos) {
        lock.lock();
        try {
            while (!condition.getAsBoolean() && !closed) {
                if (isPast(deadlineNanos)) {
                    return;
                }
                if (deadlineNanos == NO_DEADLINE) {
                    changed.await();
                } else {
                    changed.awaitNanos(remainingNanos(deadlineNanos));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for durable instances", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean isQuiescent() {
        return ready.isEmpty() && activitiesInFlight == 0 && !episodeInProgress
                && (timers.isEmpty() || !timers.first().fireAt().isBefore(clock.instant()));
    }

    // ---- episodes ------------------------------------------------------------------------------------------------

    /** Moves every timer whose fire time the clock is strictly past into its instance's inbox. */
    private void fireDueTimers() {
        lock.lock();
        try {
            Instant now = clock.instant();
            while (!timers.isEmpty() && timers.first().fireAt().isBefore(now)) {
                RunnerInstance.PendingTimer timer = timers.pollFirst();
                RunnerInstance instance = timer.instance();
                instance.timers.remove(timer);
                if (instance.isRunning() && instance.generation == timer.generation()) {
                    instance.inbox.add(HistoryEvents.timerFired(now, timer.timerId(), timer.fireAt()));
                    markReady(instance);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Replays one ready instance with its new events and applies the outcome; false when none was ready. */
    private boolean runNextEpisode() {
        RunnerInstance instance;
        List<HistoryEvent> newEvents;
        byte[] request;
        lock.lock();
        try {
            instance = ready.poll();
            if (instance == null) {
                return false;
            }
            instance.queued = false;
            if (!instance.isRunning() || instance.inbox.isEmpty()) {
                return true;
            }
            newEvents = new ArrayList<>(instance.inbox.size() + 1);
            // durabletask reads "now" from this event; without it getCurrentInstant() is null and timers fail.
            newEvents.add(HistoryEvents.orchestratorStarted(clock.instant()));
            newEvents.addAll(instance.inbox);
            instance.inbox = new ArrayList<>(2);
            request = instance.buildRequest(newEvents);
            episodeInProgress = true;
        } finally {
            lock.unlock();
        }

        OrchestratorResponse response = null;
        RuntimeException runnerFault = null;
        try {
            byte[] result = worker.runEpisode(instance.orchestratorName, request);
            response = OrchestratorResponse.parseFrom(result);
        } catch (InvalidProtocolBufferException e) {
            runnerFault = new IllegalStateException("durabletask returned an unreadable orchestrator response", e);
        } catch (RuntimeException e) {
            // The SDK handles its own control-flow exceptions and orchestrator failures internally; anything that
            // escapes loadAndRun is a fault in the runner or SDK and must not stop the other instances.
            runnerFault = e;
        }

        lock.lock();
        try {
            episodeInProgress = false;
            instance.episodes++;
            instance.lastUpdatedAt = clock.instant();
            if (runnerFault != null) {
                LOG.log(Level.SEVERE, "Episode of " + instance.instanceId + " could not be run", runnerFault);
                failInstance(instance, newEvents.size(), runnerFault);
            } else {
                applyActions(instance, newEvents, response);
            }
            if (instance.isRunning() && !instance.inbox.isEmpty()) {
                markReady(instance);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    private void applyActions(RunnerInstance instance, List<HistoryEvent> newEvents, OrchestratorResponse response) {
        String customStatus = response.getCustomStatus().getValue();
        instance.serializedCustomStatus = customStatus.isEmpty() ? null : customStatus;

        Instant now = clock.instant();
        List<HistoryEvent> appended = new ArrayList<>(newEvents.size() + response.getActionsCount());
        appended.addAll(newEvents);
        List<OrchestratorAction> activitiesToRun = new ArrayList<>();
        List<RunnerInstance.PendingTimer> timersToAdd = new ArrayList<>();
        CompleteOrchestrationAction completion = null;
        String unsupported = null;

        for (OrchestratorAction action : response.getActionsList()) {
            int id = action.getId();
            switch (action.getOrchestratorActionTypeCase()) {
                case SCHEDULETASK -> {
                    var task = action.getScheduleTask();
                    // Event id must equal the action id, or the SDK treats the task as never scheduled.
                    appended.add(HistoryEvents.taskScheduled(
                            now, id, task.getName(), task.hasInput() ? task.getInput() : null));
                    activitiesToRun.add(action);
                }
                case CREATETIMER -> {
                    var fireAt = action.getCreateTimer().getFireAt();
                    appended.add(HistoryEvents.timerCreated(now, id, fireAt));
                    timersToAdd.add(new RunnerInstance.PendingTimer(instance, instance.generation, id,
                            DataConverter.getInstantFromTimestamp(fireAt), timerSequence++));
                }
                case SENDEVENT -> {
                    if (instance.markSendEventDelivered(id)) {
                        SendEventAction send = action.getSendEvent();
                        String data = send.hasData() ? send.getData().getValue() : null;
                        if (!deliverEvent(send.getInstance().getInstanceId(), send.getName(), data)) {
                            LOG.fine(() -> instance.instanceId + " sent '" + send.getName()
                                    + "' to an unknown or finished instance " + send.getInstance().getInstanceId());
                        }
                    }
                }
                case COMPLETEORCHESTRATION -> completion = action.getCompleteOrchestration();
                default -> unsupported = action.getOrchestratorActionTypeCase().name();
            }
        }

        // Activities scheduled in a final episode still run (as in Azure), their results are then discarded.
        for (OrchestratorAction action : activitiesToRun) {
            startActivity(instance, action.getId(), action.getScheduleTask().getName(),
                    action.getScheduleTask().hasInput() ? action.getScheduleTask().getInput().getValue() : null);
        }

        if (unsupported != null) {
            failInstance(instance, appended.size(), new UnsupportedOperationException(
                    "The in-process durable runner does not support the orchestrator action " + unsupported
                            + " (sub-orchestrations); run this orchestration in Azure Functions"));
            return;
        }
        if (completion == null) {
            instance.appendHistory(appended);
            for (RunnerInstance.PendingTimer timer : timersToAdd) {
                timers.add(timer);
                instance.timers.add(timer);
            }
            return;
        }

        instance.maxHistoryLength = Math.max(instance.maxHistoryLength, instance.historyLength + appended.size());
        dropPendingTimers(instance);
        OrchestrationRuntimeStatus status = toRuntimeStatus(completion.getOrchestrationStatus());
        String result = completion.hasResult() ? completion.getResult().getValue() : null;
        if (status == OrchestrationRuntimeStatus.CONTINUED_AS_NEW) {
            continueAsNew(instance, result, completion.getCarryoverEventsList());
        } else {
            OrchestrationFailure failure = completion.hasFailureDetails()
                    ? OrchestrationFailure.fromProto(completion.getFailureDetails()) : null;
            instance.finish(status, result, failure);
            LOG.fine(() -> instance.instanceId + " finished " + status
                    + (failure != null ? ": " + failure : ""));
        }
    }

    private void continueAsNew(RunnerInstance instance, String newInput, List<HistoryEvent> carryover) {
        List<HistoryEvent> arrivedDuringEpisode = instance.resetForNewGeneration();
        instance.inbox.add(HistoryEvents.executionStarted(clock.instant(), instance.orchestratorName,
                instance.instanceId, instance.executionId(), newInput));
        instance.inbox.addAll(carryover);
        instance.inbox.addAll(arrivedDuringEpisode);
        markReady(instance);
        LOG.finer(() -> instance.instanceId + " continued as new, generation " + instance.generation);
    }

    private void failInstance(RunnerInstance instance, int episodeEvents, RuntimeException cause) {
        instance.maxHistoryLength = Math.max(instance.maxHistoryLength, instance.historyLength + episodeEvents);
        dropPendingTimers(instance);
        OrchestrationFailure failure = OrchestrationFailure.fromProto(HistoryEvents.failureDetails(cause));
        instance.finish(OrchestrationRuntimeStatus.FAILED, null, failure);
        LOG.warning(() -> instance.instanceId + " failed in the runner: " + failure);
    }

    private void dropPendingTimers(RunnerInstance instance) {
        for (RunnerInstance.PendingTimer timer : instance.timers) {
            timers.remove(timer);
        }
        instance.timers.clear();
    }

    private boolean deliverEvent(String instanceId, String eventName, String serializedPayload) {
        RunnerInstance instance = instances.get(instanceId);
        if (instance == null || !instance.isRunning()) {
            return false;
        }
        instance.inbox.add(HistoryEvents.eventRaised(clock.instant(), eventName, serializedPayload));
        markReady(instance);
        return true;
    }

    private void markReady(RunnerInstance instance) {
        if (!instance.queued) {
            instance.queued = true;
            ready.add(instance);
        }
        changed.signalAll();
    }

    // ---- activities ----------------------------------------------------------------------------------------------

    private void startActivity(RunnerInstance instance, int taskId, String name, String serializedInput) {
        int generation = instance.generation;
        activitiesInFlight++;
        try {
            activityExecutor.execute(() -> runActivity(instance, generation, taskId, name, serializedInput));
        } catch (RejectedExecutionException e) {
            activitiesInFlight--; // only after close(): nobody will read the result
        }
    }

    private void runActivity(RunnerInstance instance, int generation, int taskId, String name, String input) {
        HistoryEvent outcome = null;
        try {
            outcome = HistoryEvents.taskCompleted(clock.instant(), taskId, worker.runActivity(name, input));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The orchestrator sees this as TaskFailedException, which is what drives RetryPolicy retries.
            outcome = HistoryEvents.taskFailed(clock.instant(), taskId, e);
            LOG.fine(() -> "Activity " + name + " (#" + taskId + ") of " + instance.instanceId + " failed: " + e);
        } finally {
            // One critical section: a driver must never see "no activity in flight" before the result is queued,
            // or it would move the virtual clock past work that is about to arrive.
            lock.lock();
            try {
                activitiesInFlight--;
                instance.activitiesExecuted++;
                if (outcome != null && instance.isRunning() && instance.generation == generation) {
                    instance.inbox.add(outcome);
                    markReady(instance);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private RunnerInstance lockedGet(String instanceId) {
        lock.lock();
        try {
            return instances.get(instanceId);
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The in-process durable runner is closed");
        }
    }

    private static OrchestrationRuntimeStatus toRuntimeStatus(OrchestrationStatus status) {
        return switch (status) {
            case ORCHESTRATION_STATUS_COMPLETED -> OrchestrationRuntimeStatus.COMPLETED;
            case ORCHESTRATION_STATUS_FAILED -> OrchestrationRuntimeStatus.FAILED;
            case ORCHESTRATION_STATUS_TERMINATED -> OrchestrationRuntimeStatus.TERMINATED;
            case ORCHESTRATION_STATUS_CANCELED -> OrchestrationRuntimeStatus.CANCELED;
            case ORCHESTRATION_STATUS_CONTINUED_AS_NEW -> OrchestrationRuntimeStatus.CONTINUED_AS_NEW;
            default -> throw new IllegalStateException("An orchestration cannot complete with status " + status);
        };
    }

    /** A System.nanoTime() deadline; compared by subtraction because nanoTime may wrap or be negative. */
    private static long deadlineAfter(Duration timeout) {
        if (timeout.compareTo(UNBOUNDED_WAIT) >= 0) {
            return NO_DEADLINE;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        return deadline == NO_DEADLINE ? deadline - 1 : deadline;
    }

    private static boolean isPast(long deadlineNanos) {
        return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0;
    }

    private static long remainingNanos(long deadlineNanos) {
        return deadlineNanos == NO_DEADLINE ? Long.MAX_VALUE : Math.max(1, deadlineNanos - System.nanoTime());
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + field + " must not be null or blank");
        }
    }

    /** Collects the clock, orchestrators and activities; {@link #build()} validates and starts the runner. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int activityThreads = DEFAULT_ACTIVITY_THREADS;
        private final Map<String, TaskOrchestration> orchestrators = new LinkedHashMap<>();
        private final Map<String, TaskActivity> activities = new LinkedHashMap<>();
        private DurableWorker worker;

        private Builder() {
        }

        /**
         * Runs orchestrations and activities through {@code worker} (for example the Functions host module) instead of
         * registered durabletask objects; the two cannot be combined.
         */
        public Builder worker(DurableWorker worker) {
            this.worker = Objects.requireNonNull(worker, "worker");
            return this;
        }

        /** Real time by default; a {@link VirtualClock} switches the runner to caller-driven virtual time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Threads that run activities (default {@value #DEFAULT_ACTIVITY_THREADS}); episodes never block on them. */
        public Builder activityThreads(int activityThreads) {
            if (activityThreads < 1) {
                throw new IllegalArgumentException(
                        "The value for activityThreads must be at least 1, was " + activityThreads);
            }
            this.activityThreads = activityThreads;
            return this;
        }

        public Builder registerOrchestrator(String name, TaskOrchestration orchestration) {
            requireText(name, "name");
            Objects.requireNonNull(orchestration, "orchestration");
            if (orchestrators.putIfAbsent(name, orchestration) != null) {
                throw new IllegalArgumentException("An orchestrator named '" + name + "' is already registered");
            }
            return this;
        }

        /**
         * Registers an orchestrator written the Azure Functions way, returning its output instead of calling
         * {@code ctx.complete}. A separate name avoids lambda overload ambiguity with
         * {@link #registerOrchestrator(String, TaskOrchestration)}.
         */
        public <R> Builder registerOrchestratorFunction(String name, OrchestratorFunction<R> function) {
            Objects.requireNonNull(function, "function");
            return registerOrchestrator(name, ctx -> ctx.complete(function.apply(ctx)));
        }

        public Builder registerActivity(String name, TaskActivity activity) {
            requireText(name, "name");
            Objects.requireNonNull(activity, "activity");
            if (activities.putIfAbsent(name, activity) != null) {
                throw new IllegalArgumentException("An activity named '" + name + "' is already registered");
            }
            return this;
        }

        public InProcessDurableRunner build() {
            if (worker != null && !(orchestrators.isEmpty() && activities.isEmpty())) {
                throw new IllegalStateException("Set either a worker or registered orchestrators and activities, not both");
            }
            if (worker == null && orchestrators.isEmpty()) {
                throw new IllegalStateException("Register at least one orchestrator (or set a worker) before build()");
            }
            return new InProcessDurableRunner(this);
        }
    }
}
