package dev.acidispatch.local.durable;

import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityContext;
import com.microsoft.durabletask.TaskOrchestration;

import java.util.Map;
import java.util.Set;

/**
 * Runs durabletask {@link TaskOrchestration}s and {@link TaskActivity}s directly, with the standalone SDK's
 * semantics: an activity's {@code getInput(type)} decodes the scheduled JSON once and its return value is serialized
 * once. This is not what the Azure Functions host does for a {@code String} activity parameter (see the Functions host
 * module); use it for orchestrations that are not Functions apps.
 */
final class RegisteredDurableWorker implements DurableWorker {
    private final Map<String, TaskOrchestration> orchestrators;
    private final Map<String, TaskActivity> activities;
    private final DataConverter converter = new JacksonDataConverter();

    RegisteredDurableWorker(Map<String, TaskOrchestration> orchestrators, Map<String, TaskActivity> activities) {
        this.orchestrators = Map.copyOf(orchestrators);
        this.activities = Map.copyOf(activities);
    }

    @Override
    public Set<String> orchestratorNames() {
        return orchestrators.keySet();
    }

    @Override
    public byte[] runEpisode(String orchestratorName, byte[] request) {
        return OrchestrationRunner.loadAndRun(request, orchestrators.get(orchestratorName));
    }

    @Override
    public String runActivity(String activityName, String scheduledInput) throws Exception {
        TaskActivity activity = activities.get(activityName);
        if (activity == null) {
            throw new IllegalStateException("No activity named '" + activityName
                    + "' is registered with the in-process durable runner. Registered: " + activities.keySet());
        }
        return converter.serialize(activity.run(new Context(activityName, scheduledInput)));
    }

    private final class Context implements TaskActivityContext {
        private final String name;
        private final String serializedInput;

        Context(String name, String serializedInput) {
            this.name = name;
            this.serializedInput = serializedInput;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public <T> T getInput(Class<T> targetType) {
            return converter.deserialize(serializedInput, targetType);
        }
    }
}
