package dev.acidispatch.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import dev.acidispatch.app.App;
import dev.acidispatch.dispatch.DispatchOutcome;
import dev.acidispatch.watch.DurableTaskWatchers;

/** Queue trigger on {@code jobs}: one message, one {@link dev.acidispatch.dispatch.Dispatcher#dispatch} call. */
public final class DispatchFunctions {
    public static final String JOBS_QUEUE = "jobs";

    @FunctionName("DispatchJob")
    public void dispatchJob(
            @QueueTrigger(name = "message", queueName = JOBS_QUEUE, connection = "AzureWebJobsStorage",
                    dataType = "binary") byte[] message,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        DispatchOutcome outcome = App.instance().dispatcher(new DurableTaskWatchers(durableContext.getClient()))
                .dispatch(message);
        context.getLogger().info("job " + outcome.jobId() + ": " + outcome.kind() + " (" + outcome.detail() + ")");
    }
}
