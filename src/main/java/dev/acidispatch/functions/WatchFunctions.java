package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import dev.acidispatch.app.App;
import dev.acidispatch.json.Json;
import dev.acidispatch.watch.AttemptStart;
import dev.acidispatch.watch.CleanupState;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.watch.RetryRequest;
import dev.acidispatch.watch.Watchers;
import dev.acidispatch.watch.GroupRef;
import dev.acidispatch.watch.HostPayload;
import dev.acidispatch.watch.WatchActivities;
import dev.acidispatch.watch.WatchJobOrchestration;
import dev.acidispatch.watch.WatchOutcome;

import java.util.function.Supplier;

/**
 * The watcher orchestration and its activities.
 *
 * <p>Host payload rules (../shared/DESIGN.md): an activity's {@code String} parameter receives the scheduled input's
 * JSON text verbatim, which for the orchestrator's string inputs is a JSON string literal; {@link HostPayload} accepts
 * that and the bare object. Each activity returns a {@code String}, which the host JSON-encodes once and the
 * orchestrator's {@code callActivity(..., String.class)} decodes once: returns stay {@code String}. Each activity's
 * lines go through its invocation's logger, for the job its input names ({@link JobLog}).
 */
public final class WatchFunctions {
    private static final WatchJobOrchestration ORCHESTRATION = new WatchJobOrchestration();

    private final Supplier<App> app;

    /** The Functions host creates one per invocation with this constructor; the app is the process-wide one. */
    public WatchFunctions() {
        this.app = App::instance;
    }

    /** On a given app (the local stack runs these same classes on its own parts). */
    public WatchFunctions(App app) {
        this.app = () -> app;
    }

    @FunctionName(WatchJobOrchestration.NAME)
    public String watchJob(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return ORCHESTRATION.watch(ctx);
    }

    @FunctionName(WatchActivities.CHECK_GROUP)
    public String checkGroup(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        GroupRef in = HostPayload.read(input, GroupRef.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "check-group")) {
            return Json.write(activities().checkGroup(in));
        }
    }

    @FunctionName(WatchActivities.CAPTURE_LOGS)
    public String captureLogs(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        GroupRef in = HostPayload.read(input, GroupRef.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "capture-logs")) {
            return Json.write(activities().captureLogs(in));
        }
    }

    @FunctionName(WatchActivities.CLEANUP)
    public String cleanup(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        GroupRef in = HostPayload.read(input, GroupRef.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "cleanup")) {
            return Json.write(activities().cleanup(in));
        }
    }

    @FunctionName(WatchActivities.FINISH_CLEANUP)
    public String finishCleanup(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        CleanupState in = HostPayload.read(input, CleanupState.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "cleanup")) {
            return Json.write(activities().finishCleanup(in));
        }
    }

    @FunctionName(WatchActivities.DEFER_AGAIN)
    public String deferAgain(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        WatchActivities.Deferral in = HostPayload.read(input, WatchActivities.Deferral.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "defer-again")) {
            return Json.write(activities().deferAgain(in));
        }
    }

    @FunctionName(WatchActivities.SCHEDULE_RETRY)
    public String scheduleRetry(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        RetryRequest in = HostPayload.read(input, RetryRequest.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "retry")) {
            return Json.write(activities().scheduleRetry(in));
        }
    }

    @FunctionName(WatchActivities.START_ATTEMPT)
    public String startAttempt(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        AttemptStart request = HostPayload.read(input, AttemptStart.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), request.jobId(), "dispatch")) {
            // The dispatcher deploys; it starts no watcher here (the calling orchestration watches the attempt).
            return Json.write(app.get().dispatcher(Watchers.viaJobRecordOnly())
                    .startAttempt(request.jobId(), request.attempt()));
        }
    }

    @FunctionName(WatchActivities.RECORD_RESULT)
    public String recordResult(@DurableActivityTrigger(name = "input") String input, final ExecutionContext context) {
        WatchOutcome in = HostPayload.read(input, WatchOutcome.class);
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), in.jobId(), "record-result")) {
            return Json.write(activities().recordResult(in));
        }
    }

    private WatchActivities activities() {
        return app.get().watchActivities();
    }
}
