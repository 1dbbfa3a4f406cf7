package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import dev.acidispatch.app.App;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.log.JobLog;
import dev.acidispatch.watch.DurableTaskWatchers;

import java.util.function.Supplier;

/**
 * Queue trigger on {@code jobs}: one message, one {@link dev.acidispatch.dispatch.Dispatcher#dispatch} call. The
 * message binds as raw bytes ({@code dataType = "binary"}), so invalid UTF-8 is rejected as such.
 */
public final class DispatchFunctions {
    public static final String JOBS_QUEUE = "jobs";

    private final Supplier<App> app;

    /** The Functions host creates one per invocation with this constructor; the app is the process-wide one. */
    public DispatchFunctions() {
        this.app = App::instance;
    }

    /** On a given app (the local stack runs these same classes on its own parts). */
    public DispatchFunctions(App app) {
        this.app = () -> app;
    }

    @FunctionName("DispatchJob")
    public void dispatchJob(
            @QueueTrigger(name = "message", queueName = JOBS_QUEUE, connection = "AzureWebJobsStorage",
                    dataType = "binary") byte[] message,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        DispatchOutcome outcome;
        // The job is known once the dispatcher has read the message; it names it for its own lines.
        try (JobLog.Binding log = JobLog.invocation(context.getLogger(), null, "dispatch");
             DurableTaskWatchers watchers = DurableTaskWatchers.onDemand(durableContext::getClient)) {
            outcome = app.get().dispatcher(watchers).dispatch(message);
        }
        context.getLogger().info(outcome.logLine());
    }
}
