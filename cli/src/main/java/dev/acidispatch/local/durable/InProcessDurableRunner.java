package dev.acidispatch.local.durable;

import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.OrchestratorFunction;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskOrchestration;
import dev.acidispatch.emulator.VirtualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p><b>Parts.</b> This class is the public face: it checks arguments and hands work to {@link RunnerState} (all
 * shared state, under one lock), {@link EpisodeRunner} (replays an instance through the worker) and
 * {@link ActionApplier} (applies the returned actions), {@link ActivityPool}, {@link TimerQueue}, and a
 * {@link RunnerDriver} that makes progress on a virtual clock ({@link VirtualTimeDriver}) or in real time
 * ({@link RealTimeDispatcher}).
 */
public final class InProcessDurableRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InProcessDurableRunner.class.getName());

    public static final int DEFAULT_ACTIVITY_THREADS = 4;

    private final Clock clock;
    private final DurableWorker worker;
    private final DataConverter converter = new JacksonDataConverter();
    private final RunnerState state;
    private final ActivityPool activities;
    private final RunnerDriver driver;

    private InProcessDurableRunner(Builder builder) {
        this.clock = builder.clock;
        this.worker = builder.worker != null ? builder.worker
                : new RegisteredDurableWorker(builder.orchestrators, builder.activities);
        this.state = new RunnerState(clock);
        this.activities = new ActivityPool(state, worker, builder.activityThreads);
        EpisodeRunner episodes = new EpisodeRunner(state, worker, new ActionApplier(state, activities));
        this.driver = clock instanceof VirtualClock virtualClock
                ? new VirtualTimeDriver(state, episodes, virtualClock)
                : RealTimeDispatcher.start(state, episodes);
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
        state.lock.lock();
        try {
            state.requireOpen();
            RunnerInstance existing = state.instance(instanceId);
            if (existing != null && existing.isRunning()) {
                LOG.fine(() -> "Refused to start " + instanceId + ": it is already running");
                return StartOutcome.ALREADY_RUNNING;
            }
            Instant now = state.now();
            RunnerInstance instance = new RunnerInstance(instanceId, orchestratorName, now);
            instance.inbox.add(HistoryEvents.executionStarted(
                    now, orchestratorName, instanceId, instance.executionId(), serializedInput));
            state.put(instance);
            state.markReady(instance);
            LOG.fine(() -> "Started " + orchestratorName + " as " + instanceId);
            return StartOutcome.STARTED;
        } finally {
            state.lock.unlock();
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
        state.lock.lock();
        try {
            state.requireOpen();
            return state.deliverEvent(instanceId, eventName, serializedPayload);
        } finally {
            state.lock.unlock();
        }
    }

    /** The instance's current state, or empty when no instance with this id was ever started. */
    public Optional<InstanceState> getState(String instanceId) {
        state.lock.lock();
        try {
            return Optional.ofNullable(state.instance(instanceId)).map(RunnerInstance::snapshot);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Forgets a finished instance's final state, so long-lived runners (and benchmarks) do not accumulate them.
     *
     * @return true when a finished instance was removed; false when it is unknown or still running
     */
    public boolean purge(String instanceId) {
        state.lock.lock();
        try {
            RunnerInstance instance = state.instance(instanceId);
            if (instance == null || instance.isRunning()) {
                return false;
            }
            state.remove(instanceId);
            return true;
        } finally {
            state.lock.unlock();
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
        Deadline deadline = Deadline.after(realTimeout);
        RunnerInstance instance;
        state.lock.lock();
        try {
            instance = state.instance(instanceId);
        } finally {
            state.lock.unlock();
        }
        if (instance == null) {
            throw new IllegalArgumentException("The value for instanceId names no instance: '" + instanceId + "'");
        }
        driver.runUntil(() -> {
            state.lock.lock();
            try {
                return !instance.isRunning();
            } finally {
                state.lock.unlock();
            }
        }, deadline);
        state.lock.lock();
        try {
            return instance.snapshot();
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Processes everything that can run now (episodes, in-flight activities, timers already due) without moving
     * a virtual clock. With a real clock it waits until the dispatcher has nothing left to do right now.
     */
    public void runUntilIdle() {
        driver.runUntilIdle();
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
        driver.advanceAndRun(by);
    }

    @Override
    public void close() {
        state.lock.lock();
        try {
            if (!state.close()) {
                return;
            }
        } finally {
            state.lock.unlock();
        }
        activities.shutdownNow();
        driver.stop();
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
