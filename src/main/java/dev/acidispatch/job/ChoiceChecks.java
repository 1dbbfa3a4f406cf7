package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/** Checks a string that must be one of a few spellings, suggesting the right case when only the case is wrong. */
final class ChoiceChecks {
    private ChoiceChecks() {
    }

    /**
     * @param what   what the values are, e.g. "an OS type"
     * @param reason why the list is what it is, appended to the error (may be empty)
     * @return the value when it is one of {@code choices}
     */
    static Optional<String> oneOf(MessageFields message, JsonNode node, String path, List<String> choices, String what,
                                  String reason) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            message.error(path, "must not be null; omit the field to use the default");
            return Optional.empty();
        }
        if (!node.isTextual()) {
            message.error(path, "must be a string, one of " + String.join(", ", choices) + "; got " + kind(node));
            return Optional.empty();
        }
        String value = node.asText();
        if (choices.contains(value)) {
            return Optional.of(value);
        }
        String suggestion = choices.stream().filter(c -> c.equalsIgnoreCase(value))
                .map(c -> " (did you mean '" + c + "'?)").findFirst().orElse("");
        message.error(path, quote(value) + " is not " + what + suggestion + "; expected one of "
                + String.join(", ", choices) + reason);
        return Optional.empty();
    }
}
