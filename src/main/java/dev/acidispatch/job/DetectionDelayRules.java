package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acidispatch.config.Settings;

import java.util.List;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * {@code maxDetectionDelaySeconds}: the longest the watcher may take to notice that the job's container ended. It caps
 * the watcher's back-off between checks (more ARM reads for a tighter bound); without it the setting
 * {@value Settings.Names#MAX_DETECTION_DELAY_SECONDS} applies, if set.
 */
final class DetectionDelayRules implements FieldRules {

    @Override
    public List<String> fields() {
        return List.of("maxDetectionDelaySeconds");
    }

    @Override
    public void check(MessageFields message) {
        JsonNode node = message.present(message.root(), "maxDetectionDelaySeconds", "$.maxDetectionDelaySeconds");
        if (node == null) {
            return;
        }
        String rule = "a whole number of seconds from " + JobLimits.MIN_DETECTION_DELAY_SECONDS + " to "
                + JobLimits.MAX_DETECTION_DELAY_SECONDS;
        if (!node.isIntegralNumber()) {
            message.error("$.maxDetectionDelaySeconds", "must be " + rule + ", got " + kind(node)
                    + (node.isNumber() ? " with a fraction" : node.isTextual() ? " (remove the quotes)" : ""));
        } else if (!node.canConvertToInt() || node.intValue() < JobLimits.MIN_DETECTION_DELAY_SECONDS
                || node.intValue() > JobLimits.MAX_DETECTION_DELAY_SECONDS) {
            message.error("$.maxDetectionDelaySeconds", node.asText() + " is out of range; expected " + rule);
        }
    }
}
