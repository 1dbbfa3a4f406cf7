package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.acidispatch.admission.PollReport;
import dev.acidispatch.app.App;

import java.time.Instant;

/**
 * Timer on {@code %DISPATCH_POLL_SCHEDULE%}: one {@link dev.acidispatch.admission.WorkPoller#poll} call (schedules,
 * deferred jobs, lease reconciliation, orphan sweep).
 */
public final class PollWorkFunction {

    @FunctionName("PollWork")
    public void pollWork(@TimerTrigger(name = "timer", schedule = "%DISPATCH_POLL_SCHEDULE%") String timerInfo,
                         final ExecutionContext context) {
        PollReport report = App.instance().workPoller().poll(Instant.now());
        context.getLogger().info("PollWork: " + report.summary());
    }
}
