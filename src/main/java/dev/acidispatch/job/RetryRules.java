package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.acidispatch.job.ValueDescriptions.kind;

/**
 * The job's {@code retry} policy ({@link RetryPolicy}) and {@code spotFallback}, the priority a Spot job's next
 * attempt runs at after ACI evicted it.
 */
final class RetryRules implements FieldRules {
    /** The only fallback: ACI offers two priorities, and falling back means leaving Spot. */
    static final List<String> SPOT_FALLBACKS = List.of("Regular");

    @Override
    public List<String> fields() {
        return List.of("retry", "spotFallback");
    }

    @Override
    public void check(MessageFields message) {
        message.object("retry").ifPresent(retry -> retry(message, retry));
        JsonNode fallback = message.get("spotFallback");
        if (fallback != null) {
            boolean known = ChoiceChecks.oneOf(message, fallback, "$.spotFallback", SPOT_FALLBACKS,
                    "a fallback priority", "").isPresent();
            JsonNode priority = message.get("priority");
            if (known && (priority == null || !"Spot".equals(priority.asText()))) {
                message.error("$.spotFallback", "applies only to Spot jobs (it is the priority of the attempt after an "
                        + "eviction); set \"priority\": \"Spot\" or remove spotFallback");
            }
        }
    }

    private static void retry(MessageFields message, ObjectNode retry) {
        message.unknownFields(retry, "$.retry", RetryPolicy.Wire.FIELDS);
        JsonNode max = message.present(retry, "maxAttempts", "$.retry.maxAttempts");
        if (max == null && !retry.has("maxAttempts")) {
            message.error("$.retry.maxAttempts", "is required in retry: the number of attempts in all, from 1 to "
                    + RetryPolicy.MAX_ATTEMPTS);
        } else if (max != null) {
            wholeNumber(message, max, "$.retry.maxAttempts", 1, RetryPolicy.MAX_ATTEMPTS, "attempts in all");
        }
        JsonNode backoff = message.present(retry, "backoffSeconds", "$.retry.backoffSeconds");
        if (backoff != null) {
            wholeNumber(message, backoff, "$.retry.backoffSeconds", 0, RetryPolicy.MAX_BACKOFF_SECONDS,
                    "seconds before the second attempt (doubling for each later one)");
        }
        message.bool(retry, "onProvisioningFailure", "$.retry.onProvisioningFailure");
        JsonNode codes = message.present(retry, "onExitCodes", "$.retry.onExitCodes");
        if (codes == null) {
            return;
        }
        if (!codes.isArray() || codes.isEmpty()) {
            message.error("$.retry.onExitCodes", "must be a non-empty list of exit codes (e.g. [1, 137]), got "
                    + kind(codes) + "; omit it to retry any non-zero exit code");
            return;
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            JsonNode code = codes.get(i);
            String path = "$.retry.onExitCodes[" + i + "]";
            if (!code.isIntegralNumber() || !code.canConvertToInt()) {
                message.error(path, "must be a whole number (an exit code), got " + kind(code)
                        + (code.isTextual() ? " (remove the quotes)" : ""));
            } else if (code.intValue() == 0) {
                message.error(path, "0 is success and is never retried; list only non-zero exit codes");
            } else if (!seen.add(code.intValue())) {
                message.error(path, code.intValue() + " is listed twice; list each exit code once");
            }
        }
    }

    private static void wholeNumber(MessageFields message, JsonNode node, String path, int min, int max, String what) {
        String rule = "a whole number from " + min + " to " + max + " (" + what + ")";
        if (!node.isIntegralNumber()) {
            message.error(path, "must be " + rule + ", got " + kind(node)
                    + (node.isNumber() ? " with a fraction" : node.isTextual() ? " (remove the quotes)" : ""));
        } else if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            message.error(path, node.asText() + " is out of range; expected " + rule);
        }
    }
}
