package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.acidispatch.admission.PollReport;
import dev.acidispatch.app.App;
import dev.acidispatch.log.JobLog;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Timer on {@code %DISPATCH_POLL_SCHEDULE%}: one {@link dev.acidispatch.admission.WorkPoller#poll} call (schedules,
 * deferred jobs, lease reconciliation, orphan sweep; a tick with nothing to do makes one ledger read and logs
 * "idle"). The timer info (JSON text: schedule status, IsPastDue) is not needed: due work is computed from stored
 * state and the current time, so a late or missed tick loses nothing.
 */
public final class PollWorkFunction {
    private final Supplier<App> app;

    /** The Functions host creates one per invocation with this constructor; the app is the process-wide one. */
    public PollWorkFunction() {
        this.app = App::instance;
    }

    /** On a given app (the local stack runs these same classes on its own parts). */
    public PollWorkFunction(App app) {
        this.app = () -> app;
    }

    @FunctionName("PollWork")
    public void pollWork(@TimerTrigger(name = "timer", schedule = "%DISPATCH_POLL_SCHEDULE%") String timerInfo,
                         final ExecutionContext context) {
        App current = app.get();
        PollReport report;
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), JobLog.NO_JOB, "poll-work")) {
            report = current.workPoller().poll(current.clock().instant());
        }
        context.getLogger().info(JobLog.line(JobLog.NO_JOB, "poll-work", report.summary()));
    }
}
