package dev.acidispatch.job;

import java.util.List;

/**
 * {@code cleanup}: always (default), onSuccess or never (see {@link CleanupPolicy}). {@code keepContainerGroup: true}
 * is the old spelling of never; a message may use one of the two, not both.
 */
final class CleanupRules implements FieldRules {

    @Override
    public List<String> fields() {
        return List.of("cleanup");
    }

    @Override
    public void check(MessageFields message) {
        if (!message.has("cleanup")) {
            return;
        }
        ChoiceChecks.oneOf(message, message.get("cleanup"), "$.cleanup", CleanupPolicy.NAMES, "a cleanup policy",
                " (always deletes the group, onSuccess keeps it stopped when the job did not succeed, never keeps "
                        + "it stopped)");
        if (message.has("keepContainerGroup")) {
            message.error("$.cleanup", "keepContainerGroup is given too; it is the old spelling of \"cleanup\": "
                    + "\"never\". Keep only cleanup");
        }
    }
}
