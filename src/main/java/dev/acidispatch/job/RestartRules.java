package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * The group's {@code restartPolicy} and, with OnFailure, {@code maxRestarts}. Never (default) runs the containers at
 * most once; OnFailure lets ACI restart a container in place when it exits non-zero
 * (container-instances-restart-policy), and the watcher stops the group once it has restarted {@code maxRestarts}
 * times. Always is refused: it restarts a container that succeeded, so a job would never end.
 */
final class RestartRules implements FieldRules {

    @Override
    public List<String> fields() {
        return List.of("restartPolicy", "maxRestarts");
    }

    @Override
    public void check(MessageFields message) {
        JsonNode policy = message.get("restartPolicy");
        boolean onFailure = false;
        if (policy != null && policy.isTextual() && "Always".equals(policy.asText())) {
            message.error("$.restartPolicy", "'Always' is not offered: ACI would restart the container even after it "
                    + "exits 0, so the job would never end; use Never (run once) or OnFailure (restart when it exits "
                    + "non-zero, up to maxRestarts times)");
        } else {
            onFailure = ChoiceChecks.oneOf(message, policy, "$.restartPolicy", JobLimits.RESTART_POLICIES,
                    "a restart policy", "").map(ResolvedJob.ON_FAILURE::equals).orElse(false);
        }
        JsonNode max = message.get("maxRestarts");
        if (max == null) {
            return;
        }
        String range = "a whole number from 1 to " + JobLimits.MAX_RESTARTS_CEILING;
        if (max.isNull() || !max.isIntegralNumber()) {
            message.error("$.maxRestarts", "must be " + range + ", got " + kind(max)
                    + (max.isTextual() ? " (remove the quotes)" : ""));
        } else if (!max.canConvertToInt() || max.intValue() < 1 || max.intValue() > JobLimits.MAX_RESTARTS_CEILING) {
            message.error("$.maxRestarts", max.asText() + " is out of range; expected " + range);
        } else if (!onFailure && !message.errors().hasErrorAt("$.restartPolicy")) {
            message.error("$.maxRestarts", "applies only with restartPolicy OnFailure; set \"restartPolicy\": "
                    + "\"OnFailure\" or remove maxRestarts");
        }
    }
}
