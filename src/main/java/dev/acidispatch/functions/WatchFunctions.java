package dev.acidispatch.functions;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import dev.acidispatch.app.App;
import dev.acidispatch.watch.WatchActivities;
import dev.acidispatch.watch.WatchJobOrchestration;

/** The watcher orchestration and its activities. Inputs and outputs are JSON strings. */
public final class WatchFunctions {
    private static final WatchJobOrchestration ORCHESTRATION = new WatchJobOrchestration();

    @FunctionName(WatchJobOrchestration.NAME)
    public String watchJob(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return ORCHESTRATION.watch(ctx);
    }

    @FunctionName(WatchActivities.CHECK_GROUP)
    public String checkGroup(@DurableActivityTrigger(name = "input") String input) {
        return App.instance().watchActivities().checkGroup(input);
    }

    @FunctionName(WatchActivities.CAPTURE_LOGS)
    public String captureLogs(@DurableActivityTrigger(name = "input") String input) {
        return App.instance().watchActivities().captureLogs(input);
    }

    @FunctionName(WatchActivities.CLEANUP)
    public String cleanup(@DurableActivityTrigger(name = "input") String input) {
        return App.instance().watchActivities().cleanup(input);
    }

    @FunctionName(WatchActivities.DEFER_AGAIN)
    public String deferAgain(@DurableActivityTrigger(name = "input") String input) {
        return App.instance().watchActivities().deferAgain(input);
    }

    @FunctionName(WatchActivities.RECORD_RESULT)
    public String recordResult(@DurableActivityTrigger(name = "input") String input) {
        return App.instance().watchActivities().recordResult(input);
    }
}
