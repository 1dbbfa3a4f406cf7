package dev.acidispatch.local;

import dev.acidispatch.admission.AdmissionLedger;
import dev.acidispatch.admission.AdmissionLimits;
import dev.acidispatch.admission.DeferredJobs;
import dev.acidispatch.admission.InMemoryAdmissionLedger;
import dev.acidispatch.admission.InMemoryDeferredJobs;
import dev.acidispatch.admission.InMemoryScheduleStore;
import dev.acidispatch.admission.ScheduleStore;
import dev.acidispatch.admission.WorkPoller;
import dev.acidispatch.api.ApiResponse;
import dev.acidispatch.app.App;
import dev.acidispatch.api.JobsApi;
import dev.acidispatch.arm.ContainerGroups;
import dev.acidispatch.config.Settings;
import dev.acidispatch.dispatch.Dispatcher;
import dev.acidispatch.local.durable.InProcessDurableRunner;
import dev.acidispatch.store.InMemoryJobStore;
import dev.acidispatch.store.InMemoryLogStore;
import dev.acidispatch.store.InMemoryQueue;
import dev.acidispatch.store.JobStore;
import dev.acidispatch.store.LogStore;
import dev.acidispatch.store.MessageQueue;
import dev.acidispatch.store.QueueNames;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.local.host.AppFunctions;
import dev.acidispatch.local.host.FunctionsHost;
import dev.acidispatch.local.host.HostPayloadRules;
import dev.acidispatch.local.host.LocalDurableSidecar;
import dev.acidispatch.local.host.LocalHttpRequest;
import dev.acidispatch.local.host.LocalHttpResponse;
import dev.acidispatch.watch.DurableTaskWatchers;
import dev.acidispatch.watch.Watchers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole app in one process, run the way Azure runs it: the app's Functions classes are called through the
 * {@link FunctionsHost} under the host's payload rules (queue bytes, HTTP requests with a function key, timer ticks,
 * activity inputs as the Durable extension hands them); the WatchJob orchestration is replayed by the in-process
 * durable runner; and the functions' {@code @DurableClientInput} reaches that runner through the real Durable Task
 * gRPC client and a {@link LocalDurableSidecar}. Used by {@code dispatchctl} and by the end-to-end tests, which plug
 * in Azurite-backed stores and the ARM emulator.
 *
 * <p>{@link #dispatcher()}, {@link #api()} and {@link #workPoller()} are the plain components behind the functions,
 * for tests that need to look inside; everything a user does goes through {@link #dispatch}, {@link #http} and
 * {@link #pollWork()}.
 */
public final class LocalStack implements AutoCloseable {
    /** The Durable task hub (host.json {@code extensions.durableTask.hubName}). */
    public static final String TASK_HUB = "AciDispatch";
    private static final String DISPATCH_FUNCTION = "DispatchJob";
    private static final String POLL_WORK_FUNCTION = "PollWork";

    private final Settings settings;
    private final ContainerGroups groups;
    private final JobStore jobs;
    private final LogStore logs;
    private final MessageQueue jobQueue;
    private final MessageQueue resultQueue;
    private final AdmissionLedger ledger;
    private final DeferredJobs deferredJobs;
    private final ScheduleStore schedules;
    private final Clock clock;
    private final String functionKey;
    private final FunctionsHost functions;
    private final InProcessDurableRunner runner;
    private final LocalDurableSidecar sidecar;
    private final DurableTaskWatchers watchers;
    private final Dispatcher dispatcher;
    private final JobsApi api;
    private final WorkPoller workPoller;
    private final Routes routes = new Routes();

    private LocalStack(Builder b) {
        settings = b.settings;
        groups = Objects.requireNonNull(b.groups, "groups");
        clock = b.clock != null ? b.clock : Clock.systemUTC();
        jobs = b.jobs != null ? b.jobs : new InMemoryJobStore();
        logs = b.logs != null ? b.logs : new InMemoryLogStore();
        jobQueue = b.jobQueue != null ? b.jobQueue : new InMemoryQueue(QueueNames.JOBS, clock);
        resultQueue = b.resultQueue != null ? b.resultQueue : new InMemoryQueue(QueueNames.JOB_RESULTS, clock);
        ledger = b.ledger != null ? b.ledger : new InMemoryAdmissionLedger(AdmissionLimits.from(settings));
        deferredJobs = b.deferredJobs != null ? b.deferredJobs : new InMemoryDeferredJobs();
        ScheduleStore storedSchedules = b.schedules != null ? b.schedules : new InMemoryScheduleStore();
        App app = App.withParts(settings, new App.Parts(clock, () -> groups, () -> jobs, () -> logs, () -> jobQueue,
                () -> resultQueue, () -> ledger, () -> deferredJobs, () -> storedSchedules));
        schedules = app.schedules(); // counts adds and removals in the ledger, as in Azure
        functionKey = b.functionKey != null ? b.functionKey : newFunctionKey();
        // The runner runs the orchestration and activities through the host; the host's durable client binding
        // points at the sidecar, which serves the runner: the sidecar's port is known once it has started.
        AtomicReference<LocalDurableSidecar> endpoint = new AtomicReference<>();
        functions = FunctionsHost.builder()
                .functionClasses(AppFunctions.CLASSES)
                .instances(AppFunctions.on(app))
                .activityInputDelivery(b.delivery)
                .durableClientBinding(() -> HostPayloadRules.durableClientBinding(TASK_HUB, endpoint.get().port(),
                        "code=" + functionKey))
                .functionKey(functionKey)
                .clock(clock)
                .build();
        runner = InProcessDurableRunner.builder().clock(clock).worker(functions).build();
        sidecar = LocalDurableSidecar.start(runner);
        endpoint.set(sidecar);
        // For the plain components: one long-lived client, closed with the stack.
        watchers = DurableTaskWatchers.onDemand(() -> HostPayloadRules.durableClient(
                HostPayloadRules.durableClientBinding(TASK_HUB, sidecar.port(), "")).getClient());
        dispatcher = app.dispatcher(watchers);
        workPoller = app.workPoller();
        api = app.jobsApi(watchers);
    }

    private static String newFunctionKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Delivers a job message to the DispatchJob function as the queue trigger does (raw bytes) and returns what it
     * did, read from the line the function logs.
     *
     * @throws FunctionsHost.FunctionFailedException when the function threw (the host would retry the message)
     */
    public DispatchOutcome dispatch(byte[] message) {
        FunctionsHost.Invocation invocation = functions.queue(DISPATCH_FUNCTION, message);
        return invocation.loggedLines().stream().map(DispatchOutcome::fromLogLine).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new IllegalStateException("DispatchJob logged no outcome: "
                        + invocation.loggedLines()));
    }

    /** {@link #dispatch(byte[])} for a message as UTF-8 text. */
    public DispatchOutcome dispatch(String message) {
        return dispatch(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends an HTTP request to the app's HTTP functions, with this stack's function key.
     *
     * @param pathAndQuery e.g. {@code /api/jobs/abc} or {@code /api/jobs?status=RUNNING}
     * @param body the request body, null for none
     */
    public LocalHttpResponse http(String method, String pathAndQuery, String body) {
        URI uri = URI.create("http://localhost" + pathAndQuery);
        Map<String, String> headers = new HashMap<>();
        headers.put("x-functions-key", functionKey);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return functions.http(LocalHttpRequest.of(method, uri, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The HTTP API's routes through the HTTP functions, answering as {@link ApiResponse}. */
    public Routes routes() {
        return routes;
    }

    /** Fires the PollWork timer function once. */
    public FunctionsHost.Invocation pollWork() {
        return functions.timer(POLL_WORK_FUNCTION, false);
    }

    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    public Settings settings() {
        return settings;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public JobsApi api() {
        return api;
    }

    public WorkPoller workPoller() {
        return workPoller;
    }

    public AdmissionLedger ledger() {
        return ledger;
    }

    public DeferredJobs deferredJobs() {
        return deferredJobs;
    }

    public ScheduleStore schedules() {
        return schedules;
    }

    public InProcessDurableRunner runner() {
        return runner;
    }

    /** The app's functions as the host calls them. */
    public FunctionsHost functions() {
        return functions;
    }

    /** The key the HTTP functions accept. */
    public String functionKey() {
        return functionKey;
    }

    /** Watchers on a Durable Task client connected to this stack's runner (what the functions use, long-lived). */
    public Watchers watchers() {
        return watchers;
    }

    public LocalDurableSidecar durableEndpoint() {
        return sidecar;
    }

    public JobStore jobs() {
        return jobs;
    }

    public LogStore logs() {
        return logs;
    }

    public MessageQueue jobQueue() {
        return jobQueue;
    }

    public MessageQueue resultQueue() {
        return resultQueue;
    }

    public ContainerGroups groups() {
        return groups;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        watchers.close();
        sidecar.close();
        runner.close();
    }

    /** The job routes of the HTTP API, called through {@link #http} with this stack's function key. */
    public final class Routes {
        private Routes() {
        }

        /** POST /api/jobs */
        public ApiResponse submit(String message) {
            return answer(http("POST", "/api/jobs", message));
        }

        /** GET /api/jobs/{id} */
        public ApiResponse status(String jobId) {
            return answer(http("GET", "/api/jobs/" + pathSegment(jobId), null));
        }

        /** GET /api/jobs/{id}/logs */
        public ApiResponse logs(String jobId) {
            return answer(http("GET", "/api/jobs/" + pathSegment(jobId) + "/logs", null));
        }

        /** POST /api/jobs/{id}/cancel */
        public ApiResponse cancel(String jobId) {
            return answer(http("POST", "/api/jobs/" + pathSegment(jobId) + "/cancel", null));
        }

        private ApiResponse answer(LocalHttpResponse response) {
            return new ApiResponse(response.getStatusCode(), response.getHeader("Content-Type"), response.bodyText());
        }

        /** Percent-encodes everything but RFC 3986 unreserved characters. */
        private String pathSegment(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }

    public static final class Builder {
        private final Settings settings;
        private ContainerGroups groups;
        private JobStore jobs;
        private LogStore logs;
        private MessageQueue jobQueue;
        private MessageQueue resultQueue;
        private AdmissionLedger ledger;
        private DeferredJobs deferredJobs;
        private ScheduleStore schedules;
        private Clock clock;
        private HostPayloadRules.ActivityInputDelivery delivery = HostPayloadRules.ActivityInputDelivery.AS_SCHEDULED;
        private String functionKey;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        public Builder groups(ContainerGroups groups) {
            this.groups = groups;
            return this;
        }

        public Builder jobs(JobStore jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder logs(LogStore logs) {
            this.logs = logs;
            return this;
        }

        public Builder jobQueue(MessageQueue jobQueue) {
            this.jobQueue = jobQueue;
            return this;
        }

        public Builder resultQueue(MessageQueue resultQueue) {
            this.resultQueue = resultQueue;
            return this;
        }

        /** The admission ledger; in memory with the settings' limits when not set. */
        public Builder ledger(AdmissionLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        public Builder deferredJobs(DeferredJobs deferredJobs) {
            this.deferredJobs = deferredJobs;
            return this;
        }

        public Builder schedules(ScheduleStore schedules) {
            this.schedules = schedules;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How the host hands activities their input (default: as today's host does). */
        public Builder activityInputDelivery(HostPayloadRules.ActivityInputDelivery delivery) {
            this.delivery = delivery;
            return this;
        }

        /** The function key the HTTP routes accept (default: a random one). */
        public Builder functionKey(String functionKey) {
            this.functionKey = functionKey;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }
}
